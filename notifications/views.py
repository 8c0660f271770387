"""Notifications' pages: stopping the reminders of a registration (public), and the
HTML preview of an organiser's message (back office)."""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from html import unescape

from django.contrib.admin.views.decorators import staff_member_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from events.models import Registration

from . import links, outbox


# The signed token in the path is the credential, not a cookie, so there is no
# session a forged cross-site request could ride on; and mail clients' one-click
# "unsubscribe" (RFC 8058, the List-Unsubscribe-Post header) posts without one.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def stop_reminders(request, token: str):
    """GET asks for confirmation (link scanners only GET); POST stops the reminders."""
    try:
        registration_id = links.registration_id_from_token(token)
    except signing.SignatureExpired:
        # 410: the link was real but is past its age; asking again will not help.
        return render(request, "notifications/stop_reminders_expired.html", status=410)
    registration = (
        Registration.objects.select_related("meeting")
        .filter(pk=registration_id, anonymised_at__isnull=True)
        .first()
        if registration_id is not None
        else None
    )
    if registration is None:
        return render(request, "notifications/stop_reminders_invalid.html", status=404)
    stopped_now = False
    if request.method == "POST":
        outbox.stop_reminders(registration=registration)
        stopped_now = True
    return render(
        request,
        "notifications/stop_reminders.html",
        {
            "registration": registration,
            "meeting": registration.meeting,
            "stopped": registration.reminders_stopped_at is not None,
            "stopped_now": stopped_now,
        },
    )


# The organiser's message preview: the e-mail's HTML, kept in the organiser's own
# session between the preview step and the frame that shows it.
PREVIEW_SESSION_KEY = "notifications.message_preview"
STYLE_ATTRIBUTE = re.compile(r"""\sstyle=(["'])(.*?)\1""", re.S)
STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)


def keep_message_preview(request: HttpRequest, html: str) -> uuid.UUID:
    """Keep the preview's HTML for ``message_preview``; only the latest one is kept."""
    key = uuid.uuid4()
    request.session[PREVIEW_SESSION_KEY] = {"key": str(key), "html": html}
    return key


def preview_policy(html: str) -> str:
    """A Content-Security-Policy allowing exactly this e-mail's styles, and nothing to run.

    E-mail clients need inline styles, so the e-mail keeps them; the site's
    policy refuses every style attribute. This document gets its own policy
    naming each style by its hash ('unsafe-hashes' is what allows a hashed
    attribute), with no scripts, forms or plugins at all, sandboxed.
    """
    styles = {unescape(match[1]) for match in STYLE_ATTRIBUTE.findall(html)}
    styles |= set(STYLE_ELEMENT.findall(html))
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'"
        for style in sorted(styles)
    )
    return (
        f"default-src 'none'; style-src 'unsafe-hashes' {hashes}; img-src 'self' https: data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox"
    )


@never_cache
@xframe_options_sameorigin
@staff_member_required
def message_preview(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    """The HTML of the organiser's message as previewed, for the preview page's frame."""
    kept = request.session.get(PREVIEW_SESSION_KEY) or {}
    if kept.get("key") != str(key):
        raise Http404("This preview is no longer there: preview the message again.")
    response = HttpResponse(kept["html"])
    response["Content-Security-Policy"] = preview_policy(kept["html"])
    return response
