"""Calendar feeds over HTTP, as calendar apps expect them.

Thin views: they validate the query (400 with a plain message), find the
series, venue, meeting or token (404 otherwise, also for a revoked token) and
hand a ``FeedSource`` (``events/calendar/sources.py``) to ``serve_feed``, which:

- computes ETag and Last-Modified from one fingerprint query of the data
  (trusted for ``CALENDAR_FEED_FRESHNESS_SECONDS`` before asking again) and
  answers If-None-Match / If-Modified-Since with 304 without building anything
  (Django's ``condition``);
- otherwise serves the body from the in-memory cache keyed by that ETag, or
  builds and caches it (a fixed number of queries whatever the feed's size);
- gzips when the client accepts it (and caches the gzipped body too), with
  its own ETag, as a different representation needs;
- sends ``text/calendar; charset=utf-8``, Cache-Control (public for public
  feeds, private for token feeds) and Vary.

The language of the words the feed writes itself is ``?lang=nl|en``, else the
Accept-Language header, else Dutch. ``?days=1`` shows stops as one event per
opening period per day instead of one all-day event.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_safe

from venues.models import Province, Venue

from .. import queries
from ..models import Series
from .cache import feed_bodies, feed_validators
from .serialize import CONTENT_TYPE
from .sources import (
    FeedSource,
    Fingerprint,
    attendee_feed,
    meeting_feed,
    organiser_feed,
    public_feed,
)
from .tokens import find_active_token

PUBLIC_MAX_AGE = 15 * 60
PRIVATE_MAX_AGE = 5 * 60
_PUBLIC_CACHE = f"public, max-age={PUBLIC_MAX_AGE}"
_PRIVATE_CACHE = f"private, max-age={PRIVATE_MAX_AGE}"
_GZIP = re.compile(r"\bgzip\b")
# Smaller bodies gain nothing from compression (Django's GZipMiddleware agrees).
_GZIP_MIN_BYTES = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


_LANGUAGES = dict(settings.LANGUAGES)
_MESSAGES = {
    "lang": _("lang must be “nl” or “en”."),
    "days": _("days must be “1” (one event per opening day) or “0” (one event per stop)."),
    "kind": _("kind must be “stop” or “meeting”."),
    "city_length": _("city can be at most 100 characters long."),
    "city_characters": _("city contains characters that are not allowed."),
    "province": _("province must be one of %(codes)s, or a province name."),
}


@dataclass(frozen=True)
class FeedQuery:
    """The validated query of a feed address. Unknown parameters (cache busters) are ignored.

    A plain parser rather than a Django form: it runs on every request of every
    calendar app, and a form costs more than the rest of a warm request.
    """

    lang: str = ""
    days: bool = False
    kind: str = ""
    city: str = ""
    province: str = ""
    errors: tuple[str, ...] = ()

    @classmethod
    def parse(cls, query: QueryDict, *, filters: bool = False) -> FeedQuery:
        if not query:
            return cls()
        errors: list[str] = []
        lang = query.get("lang", "")
        if lang and lang not in _LANGUAGES:
            errors.append(str(_MESSAGES["lang"]))
        days = query.get("days", "")
        if days not in ("", "0", "1"):
            errors.append(str(_MESSAGES["days"]))
        kind = city = province = ""
        if filters:
            kind = query.get("kind", "")
            if kind not in ("", "stop", "meeting"):
                errors.append(str(_MESSAGES["kind"]))
            city = query.get("city", "").strip()
            if len(city) > 100:
                errors.append(str(_MESSAGES["city_length"]))
            elif _CONTROL.search(city):
                errors.append(str(_MESSAGES["city_characters"]))
            province = _province_code(query.get("province", ""))
            if province is None:
                codes = ", ".join(Province.values)
                errors.append(str(_MESSAGES["province"]) % {"codes": codes})
        return cls(
            lang=lang,
            days=days == "1",
            kind=kind,
            city=city,
            province=province or "",
            errors=tuple(errors),
        )

    def canonical(self, *names: str) -> str:
        """The given parameters as a query string in a fixed order (for SOURCE)."""
        values = {
            "kind": self.kind,
            "city": self.city,
            "province": self.province,
            "days": "1" if self.days else "",
            "lang": self.lang,
        }
        pairs = [(name, values[name]) for name in names if values[name]]
        return "?" + urlencode(pairs) if pairs else ""


def _province_code(given: str) -> str | None:
    """A province code (``NH``) or name (``Noord-Holland``) in any case; ``None`` if unknown."""
    wanted = given.strip().casefold()
    if not wanted:
        return ""
    for code, label in Province.choices:
        if wanted in (code.casefold(), str(label).casefold()):
            return code
    return None


def _message_language(request: HttpRequest) -> str:
    """``?lang`` when it is a language we have, else what LocaleMiddleware chose."""
    asked = request.GET.get("lang", "")
    return asked if asked in _LANGUAGES else translation.get_language()


def _plain(status: int, message: str) -> HttpResponse:
    response = HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")
    patch_cache_control(response, no_store=True)
    return response


def no_calendar_here(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other address under /calendar/ (a token that cannot be one included): a plain 404."""
    return _plain(404, gettext("There is no calendar at this address."))


def _bad_request(request: HttpRequest, request_query: QueryDict, filters: bool) -> HttpResponse:
    # Parsed again in the answer's language, so that the messages are in it.
    with translation.override(_message_language(request)):
        errors = FeedQuery.parse(request_query, filters=filters).errors
    return _plain(400, "\n".join(errors))


def _not_found(request: HttpRequest) -> HttpResponse:
    with translation.override(_message_language(request)):
        return _plain(404, gettext("There is no calendar at this address."))


def _language(request: HttpRequest, query: FeedQuery) -> tuple[str, bool]:
    """The feed's language, and whether it came from the Accept-Language header."""
    if query.lang:
        return query.lang, False
    return translation.get_language_from_request(request), True


def _wants_gzip(request: HttpRequest) -> bool:
    return bool(_GZIP.search(request.headers.get("Accept-Encoding", "")))


def serve_feed(
    request: HttpRequest,
    source: FeedSource,
    *,
    lang: str,
    vary_language: bool,
    canonical_query: str = "",
) -> HttpResponse:
    """Answer with the feed, a 304, or its headers alone (HEAD)."""
    gzipped = _wants_gzip(request)
    state: dict[str, Fingerprint] = {}

    def fingerprint(request: HttpRequest) -> Fingerprint:
        # ``condition`` asks for the ETag and Last-Modified separately: one query for both,
        # and none while the feed's fingerprint is fresh in memory.
        if "fingerprint" not in state:
            freshness = settings.CALENDAR_FEED_FRESHNESS_SECONDS
            key = f"{source.key}|{lang}|{source.today}"
            found = feed_validators.get(key) if freshness > 0 else None
            if found is None:
                found = source.fingerprint(lang=lang)
                if freshness > 0:
                    feed_validators.set(key, found, seconds=freshness)
            state["fingerprint"] = found
        return state["fingerprint"]

    def etag(request: HttpRequest) -> str:
        digest = fingerprint(request).etag
        return f"{digest}-gzip" if gzipped else digest

    def last_modified(request: HttpRequest):
        return fingerprint(request).last_modified

    @condition(etag_func=etag, last_modified_func=last_modified)
    def respond(request: HttpRequest) -> HttpResponse:
        key = fingerprint(request).etag
        body = feed_bodies.get(key)
        if body is None:
            with translation.override(lang):
                body = source.render(source_url=settings.SITE_URL + request.path + canonical_query)
            feed_bodies.set(key, body)
        response = HttpResponse(content_type=CONTENT_TYPE)
        if gzipped and len(body) >= _GZIP_MIN_BYTES:
            compressed = feed_bodies.get(key + "-gzip")
            if compressed is None:
                # mtime=0: the same body always compresses to the same bytes.
                compressed = gzip.compress(body, compresslevel=6, mtime=0)
                feed_bodies.set(key + "-gzip", compressed)
            response.content = compressed
            response["Content-Encoding"] = "gzip"
        else:
            response.content = body
        response["Content-Length"] = str(len(response.content))
        if source.filename:
            response["Content-Disposition"] = f'attachment; filename="{source.filename}"'
        return response

    response = respond(request)
    # Set whole: nothing before us sets these, and merging costs more than the rest.
    response["Cache-Control"] = _PRIVATE_CACHE if source.private else _PUBLIC_CACHE
    response["Content-Language"] = lang
    response["Vary"] = "Accept-Encoding, Accept-Language" if vary_language else "Accept-Encoding"
    return response


# --- Public feeds ----------------------------------------------------------------


@require_safe
def all_feed(request: HttpRequest) -> HttpResponse:
    query = FeedQuery.parse(request.GET, filters=True)
    if query.errors:
        return _bad_request(request, request.GET, filters=True)
    lang, vary_language = _language(request, query)
    source = public_feed(kind=query.kind, city=query.city, province=query.province, days=query.days)
    return serve_feed(
        request,
        source,
        lang=lang,
        vary_language=vary_language,
        canonical_query=query.canonical("kind", "city", "province", "days", "lang"),
    )


def _feed_of_one(request: HttpRequest, owner, **source) -> HttpResponse:
    """The public feed of one series or one venue; ``owner`` is ``None`` when unknown."""
    query = FeedQuery.parse(request.GET)
    if query.errors:
        return _bad_request(request, request.GET, filters=False)
    if owner is None:
        return _not_found(request)
    lang, vary_language = _language(request, query)
    return serve_feed(
        request,
        public_feed(**source, days=query.days),
        lang=lang,
        vary_language=vary_language,
        canonical_query=query.canonical("days", "lang"),
    )


@require_safe
def series_feed(request: HttpRequest, slug: str) -> HttpResponse:
    series = Series.objects.filter(slug=slug, is_public=True).first()
    return _feed_of_one(request, series, series=series)


@require_safe
def venue_feed(request: HttpRequest, slug: str) -> HttpResponse:
    venue = Venue.objects.filter(slug=slug).first()
    return _feed_of_one(request, venue, venue=venue)


@require_safe
def meeting_file(request: HttpRequest, slug: str) -> HttpResponse:
    query = FeedQuery.parse(request.GET)
    if query.errors:
        return _bad_request(request, request.GET, filters=False)
    meeting = queries.feed_meetings().filter(slug=slug).first()
    if meeting is None:
        return _not_found(request)
    lang, vary_language = _language(request, query)
    return serve_feed(
        request,
        meeting_feed(meeting=meeting),
        lang=lang,
        vary_language=vary_language,
        canonical_query=query.canonical("lang"),
    )


# --- Private feeds ---------------------------------------------------------------


@require_safe
def attendee_calendar(request: HttpRequest, token: str) -> HttpResponse:
    query = FeedQuery.parse(request.GET)
    if query.errors:
        return _bad_request(request, request.GET, filters=False)
    found = find_active_token(token)
    if found is None or not found.email:
        return _not_found(request)
    lang, vary_language = _language(request, query)
    source = attendee_feed(email=found.email, today=timezone.localdate())
    return serve_feed(request, source, lang=lang, vary_language=vary_language)


@require_safe
def organiser_calendar(request: HttpRequest, token: str) -> HttpResponse:
    query = FeedQuery.parse(request.GET)
    if query.errors:
        return _bad_request(request, request.GET, filters=False)
    found = find_active_token(token)
    # Someone who left (inactive) or no longer works in the back office loses the feed.
    if found is None or found.user is None or not (found.user.is_active and found.user.is_staff):
        return _not_found(request)
    lang, vary_language = _language(request, query)
    return serve_feed(
        request, organiser_feed(user=found.user), lang=lang, vary_language=vary_language
    )
