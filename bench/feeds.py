"""Benchmark of the calendar feeds against three baselines, in one run.

    /work/main/.venv/bin/python bench/feeds.py                 # SQLite (a temporary file)
    DATABASE_URL=postgres://... python bench/feeds.py --database postgres

It makes a throw-away test database (SQLite file in a temporary folder, or
``test_<name>`` on PostgreSQL), fills it with 100, 1,000 and 10,000 events
(half exhibition stops with opening hours, half meetings; bulk_create), and
measures, for ``/calendar/all.ics``:

- **cold build**: events per second for a request whose body is not cached
  (fingerprint query, reads, building, serialising), against
  (a) a django-ical feed over the same querysets and texts, and
  (b) the icalendar library alone building and serialising the same events
      from plain Python values in memory (the floor for this library);
- **warm 200**: requests per second once the body is cached, against
  (c) a Django view returning the same bytes from memory;
- **304**: requests per second for a revalidation (If-None-Match), against (c).

Requests go through Django's full WSGI handler and middleware (no test
client, no network), so the figures are the server's own cost. Everything is
dropped at the end. Needs django-ical (``pip install -e .[bench]``); without it
baseline (a) is skipped. ``--profile`` prints where the time goes instead;
``BENCH_NO_GC=1`` keeps the cyclic collector off during the timed calls, to see
its share. Results and their reading: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="feeds-bench-"))

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--database", choices=["sqlite", "postgres"], default=None)
parser.add_argument("--sizes", default="100,1000,10000")
parser.add_argument("--seconds", type=float, default=1.5, help="time per measurement")
parser.add_argument(
    "--clock",
    choices=["cpu", "wall"],
    default=None,
    help="cpu: this process's CPU time (default on SQLite, whose work runs in-process; "
    "steady on a shared machine); wall: elapsed time (default on PostgreSQL, whose work "
    "runs in its own processes)",
)
parser.add_argument(
    "--profile", action="store_true", help="profile warm and cold requests instead of measuring"
)
ARGS = parser.parse_args()
DATABASE = ARGS.database or ("postgres" if os.environ.get("DATABASE_URL") else "sqlite")
if DATABASE == "sqlite":
    os.environ.pop("DATABASE_URL", None)
elif not os.environ.get("DATABASE_URL"):
    sys.exit("--database postgres needs DATABASE_URL")
CLOCK = ARGS.clock or ("cpu" if DATABASE == "sqlite" else "wall")
TIMER = time.process_time if CLOCK == "cpu" else time.perf_counter
os.environ["VAR_DIR"] = str(TMP)
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ["DEBUG"] = "false"
os.environ["DJANGO_SETTINGS_MODULE"] = "scheduler.settings"
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import translation  # noqa: E402
from icalendar import Calendar, Event, vDuration, vGeo  # noqa: E402

from events import queries  # noqa: E402
from events.calendar.build import (  # noqa: E402
    FeedSite,
    _meeting_facts,
    _stop_public_description,
    build_events,
    build_meeting_event,
    build_stop_event,
    paragraphs,
    stop_title,
)
from events.calendar.cache import feed_bodies, feed_validators  # noqa: E402
from events.calendar.rows import meeting_rows, stop_rows  # noqa: E402
from events.calendar.serialize import build_calendar, serialize_calendar  # noqa: E402
from events.calendar.sources import collector_paused, public_feed  # noqa: E402
from events.calendar.vtimezone import AMSTERDAM, amsterdam_vtimezone  # noqa: E402

try:
    from django_ical.views import ICalFeed
except ImportError:  # the bench extra is not installed
    ICalFeed = None

FEED_PATH = "/calendar/all.ics"
NO_GC = os.environ.get("BENCH_NO_GC") == "1"
FRESHNESS = settings.CALENDAR_FEED_FRESHNESS_SECONDS
MEMORY: dict[str, bytes] = {}


# --- The baselines ---------------------------------------------------------------


def bytes_from_memory(request):
    """(c) The least a Django view can do: hand back bytes it already holds."""
    return HttpResponse(MEMORY["body"], content_type="text/calendar; charset=utf-8")


if ICalFeed is not None:

    class DjangoIcalFeed(ICalFeed):
        """(a) The same stops and meetings through django-ical, with the same texts.

        It reads model instances (select_related), as django-ical feeds are written.
        """

        product_id = "-//CoMensha//bench//NL"
        timezone = "Europe/Amsterdam"
        title = "Open je Ogen"

        def items(self):
            stops = queries.feed_stops()
            # The same one-query read of opening hours as our feed, so that only
            # the framework differs.
            self.site = FeedSite.current(periods=queries.opening_periods(stops))
            return [*stops, *queries.feed_meetings()]

        def _is_stop(self, item) -> bool:
            return hasattr(item, "opens_on")

        def item_guid(self, item):
            kind = "stop" if self._is_stop(item) else "meeting"
            return self.site.uid(kind, item.pk)

        def item_title(self, item):
            return stop_title(item) if self._is_stop(item) else item.title

        def item_description(self, item):
            if self._is_stop(item):
                return _stop_public_description(item, self.site)
            return paragraphs(*_meeting_facts(item, self.site, with_link=False))

        def item_link(self, item):
            if self._is_stop(item):
                return self.site.stop_url(item)
            return self.site.meeting_url(item)

        def item_start_datetime(self, item):
            return item.opens_on if self._is_stop(item) else item.starts_at.astimezone(AMSTERDAM)

        def item_end_datetime(self, item):
            if self._is_stop(item):
                return item.closes_on + timedelta(days=1)
            return item.ends_at.astimezone(AMSTERDAM)

        def item_location(self, item):
            return f"{item.venue.name}, {item.venue.address_line}"

        def item_geolocation(self, item):
            return (float(item.venue.latitude), float(item.venue.longitude))

        def item_updateddate(self, item):
            return item.updated_at

        def item_created(self, item):
            return item.created_at

        def item_timestamp(self, item):
            return item.updated_at

        def item_sequence(self, item):
            return item.sequence

        def item_status(self, item):
            return "CONFIRMED"

        def item_categories(self, item):
            return ["Exhibition" if self._is_stop(item) else "Meeting"]

        def item_transparency(self, item):
            return "TRANSPARENT"


urlpatterns = [
    path("calendar/", include("events.calendar.urls", namespace="calendar")),
    path("bench/memory.ics", bytes_from_memory),
    # The pages the feed links to.
    path("", include("events.registrations.urls")),
    path("", include("events.pages.urls")),
]
if ICalFeed is not None:
    urlpatterns.append(path("bench/django-ical.ics", DjangoIcalFeed()))


def _plain(value):
    """A value as the plain Python type a caller would hold (no icalendar subclasses)."""
    if isinstance(value, str):
        return str(value.encode("utf-8"), "utf-8")
    if isinstance(value, datetime):
        if value.utcoffset() == timedelta(0) and str(value.tzinfo) in ("UTC", "UTC+00:00"):
            return value.replace(tzinfo=UTC)
        return value.astimezone(AMSTERDAM)
    return value


def plain_values(body: bytes) -> list[dict]:
    """Every event of a feed as plain Python values, for the icalendar-alone floor (b)."""
    values = []
    for event in Calendar.from_ical(body).walk("VEVENT"):
        values.append(
            {
                "uid": _plain(event["UID"]),
                "modified": _plain(event.decoded("LAST-MODIFIED")),
                "created": _plain(event.decoded("CREATED")),
                "sequence": int(event["SEQUENCE"]),
                "summary": _plain(event["SUMMARY"]),
                "description": _plain(event["DESCRIPTION"]),
                "status": _plain(event["STATUS"]),
                "url": _plain(event["URL"]),
                "categories": [_plain(c) for c in event["CATEGORIES"].cats],
                "transp": _plain(event["TRANSP"]),
                "location": _plain(event["LOCATION"]),
                "geo": (float(event["GEO"].latitude), float(event["GEO"].longitude)),
                "start": _plain(event.decoded("DTSTART")),
                "end": _plain(event.decoded("DTEND")),
            }
        )
    return values


def icalendar_alone(values: list[dict]) -> bytes:
    """(b) The same calendar built by the icalendar library from plain values."""
    calendar = Calendar()
    calendar.add("PRODID", "-//CoMensha//Open je Ogen scheduler//NL")
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("NAME", "Open je Ogen")
    calendar.add("X-WR-CALNAME", "Open je Ogen")
    calendar.add("X-WR-TIMEZONE", "Europe/Amsterdam")
    calendar.add(
        "REFRESH-INTERVAL", vDuration(timedelta(hours=1)), parameters={"VALUE": "DURATION"}
    )
    calendar.add("X-PUBLISHED-TTL", vDuration(timedelta(hours=1)))
    calendar.add_component(amsterdam_vtimezone())
    for value in values:
        event = Event()
        event.add("UID", value["uid"])
        event.add("DTSTAMP", value["modified"])
        event.add("CREATED", value["created"])
        event.add("LAST-MODIFIED", value["modified"])
        event.add("SEQUENCE", value["sequence"])
        event.add("SUMMARY", value["summary"])
        event.add("DESCRIPTION", value["description"])
        event.add("STATUS", value["status"])
        event.add("URL", value["url"])
        event.add("CATEGORIES", value["categories"])
        event.add("TRANSP", value["transp"])
        event.add("LOCATION", value["location"])
        event.add("GEO", vGeo(value["geo"]))
        event.add("DTSTART", value["start"])
        event.add("DTEND", value["end"])
        calendar.add_component(event)
    return calendar.to_ical(sorted=False)


# --- Data ------------------------------------------------------------------------


def fill(events: int) -> None:
    """``events`` public events: half stops (three weeks, 2-3 opening periods), half meetings."""
    from events.models import (
        ExhibitionKit,
        ExhibitionStop,
        Meeting,
        MeetingStatus,
        OpeningHours,
        Series,
        SeriesKind,
        StopStatus,
    )
    from venues.models import Venue

    for model in (OpeningHours, ExhibitionStop, Meeting, ExhibitionKit, Series, Venue):
        model.objects.all().delete()
    tour = Series.objects.create(
        name="Open je Ogen", slug="open-je-ogen", kind=SeriesKind.EXHIBITION_TOUR
    )
    meetings_series = Series.objects.create(
        name="Expertbijeenkomsten geringste aanwijzing",
        slug="geringste-aanwijzing",
        kind=SeriesKind.MEETING_SERIES,
    )
    # A kit per stop: stops start a day apart, and kits hold one place at a time
    # (PostgreSQL's exclusion constraint refuses anything else).
    kits = ExhibitionKit.objects.bulk_create(
        ExhibitionKit(series=tour, name=f"Set {n}", slug=f"set-{n}")
        for n in range(1, events // 2 + 1)
    )
    venues = Venue.objects.bulk_create(
        Venue(
            name=f"Stadhuis {n}",
            slug=f"stadhuis-{n}",
            kind="town_hall",
            street_address=f"Markt {n}",
            postal_code="3511 AA",
            city=f"Stad {n % 40}",
            municipality=f"Gemeente {n % 40}",
            province="UT",
            latitude=52 + n / 1000,
            longitude=5 + n / 1000,
            contact_name="Petra Bakker",
            contact_email="p.bakker@example.nl",
        )
        for n in range(200)
    )
    stops_count = events // 2
    first_day = date(2026, 1, 5)
    stops = ExhibitionStop.objects.bulk_create(
        ExhibitionStop(
            kit=kits[n % len(kits)],
            venue=venues[n % len(venues)],
            slug=f"stop-{n}",
            host_organisation=f"Gemeente {n % 40}",
            setup_on=first_day + timedelta(days=n) - timedelta(days=1),
            opens_on=first_day + timedelta(days=n),
            closes_on=first_day + timedelta(days=n + 20),
            teardown_on=first_day + timedelta(days=n + 21),
            # bulk_create skips the planning service: the kit's days it would fill in.
            occupied_from=first_day + timedelta(days=n - 2),
            occupied_until=first_day + timedelta(days=n + 22),
            status=StopStatus.OPTION if n % 7 == 0 else StopStatus.CONFIRMED,
            description=(
                "De fototentoonstelling Open je Ogen laat zien hoe mensenhandel eruitziet, "
                "dichtbij huis. Vrij toegankelijk; rondleidingen op aanvraag bij de balie. "
            )
            * 2,
        )
        for n in range(stops_count)
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(stop=stop, weekday=weekday, opens_at=opens, closes_at=closes)
        for stop in stops
        for weekday, opens, closes in (
            (0, "09:00", "17:00"),
            (2, "09:00", "12:00"),
            (2, "13:00", "20:00"),
        )
    )
    start = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
    Meeting.objects.bulk_create(
        Meeting(
            series=meetings_series,
            title=f"Expertbijeenkomst geringste aanwijzing {n}",
            slug=f"bijeenkomst-{n}",
            description=(
                "Hoe herken je signalen van mensenhandel in de spreekkamer? Met casuïstiek, "
                "een korte film en ruimte voor vragen; voor artsen, verpleegkundigen en "
                "gemeentelijke professionals. "
            )
            * 2,
            audience="Professionals in zorg en gemeente",
            venue=venues[n % len(venues)],
            starts_at=start + timedelta(hours=5 * n),
            ends_at=start + timedelta(hours=5 * n + 3),
            capacity=40,
            status=MeetingStatus.PUBLISHED,
        )
        for n in range(events - stops_count)
    )


# --- Measuring -------------------------------------------------------------------

HANDLER = None
FACTORY = RequestFactory()


def request(path: str, **headers) -> tuple[int, bytes]:
    """One request through Django's WSGI handler and every middleware."""
    environ = FACTORY._base_environ(
        PATH_INFO=path.split("?")[0],
        QUERY_STRING=path.partition("?")[2],
        REQUEST_METHOD="GET",
        **{"wsgi.input": io.BytesIO(b"")},
        **headers,
    )
    status = []
    response = HANDLER(environ, lambda s, h, exc_info=None: status.append(s))
    body = b"".join(response)
    response.close()
    return int(status[0].split()[0]), body


def interleaved(functions: dict, *, seconds: float) -> dict[str, tuple[float, float]]:
    """(best, median) seconds per call of each function.

    The calls alternate, so that whatever else the machine is doing slows every
    contender alike; the best of many calls is the least disturbed one.
    """
    for function in functions.values():
        function()  # warm-up
    times: dict[str, list[float]] = {name: [] for name in functions}
    deadline = time.perf_counter() + seconds * len(functions)
    rounds = 0
    while rounds < 5 or (time.perf_counter() < deadline and rounds < 2000):
        for name, function in functions.items():
            gc.collect()
            if NO_GC:
                gc.disable()
            started = TIMER()
            function()
            times[name].append(TIMER() - started)
            gc.enable()
        rounds += 1
    return {name: (min(t), statistics.median(t)) for name, t in times.items()}


def forget() -> None:
    """Drop built bodies and remembered fingerprints: the next request starts cold."""
    feed_bodies.clear()
    feed_validators.clear()


def measure(events: int, seconds: float) -> dict:
    fill(events)
    forget()
    status, body = request(FEED_PATH)
    assert status == 200
    count = body.count(b"BEGIN:VEVENT")
    assert count == events, (count, events)
    MEMORY["body"] = body
    for _ in range(2):
        forget()
        status, again = request(FEED_PATH)
        assert again == body
    values = plain_values(body)
    results = {"events": events, "bytes": len(body)}

    def cold():
        forget()
        assert request(FEED_PATH)[0] == 200

    # The builder alone, from model instances already in memory (where the time goes).
    stops = stop_rows(queries.feed_stops())
    meetings = meeting_rows(queries.feed_meetings())
    periods = queries.opening_periods(queries.feed_stops())

    def build_only():
        with translation.override("nl"):
            site = FeedSite.current(periods=periods)
            built = build_events(build_stop_event, stops, site=site)
            built += build_events(build_meeting_event, meetings, site=site)
            serialize_calendar(build_calendar(name="Open je Ogen", events=built))

    def floor_paused():
        with collector_paused():
            icalendar_alone(values)

    def fetch_only():
        with translation.override("nl"):
            source = public_feed()
            source.fingerprint(lang="nl")
            stop_rows(queries.feed_stops())
            queries.opening_periods(queries.feed_stops())
            meeting_rows(queries.feed_meetings())

    contenders = {
        "cold": cold,
        "floor": lambda: icalendar_alone(values),
        "floor_paused": floor_paused,
        "build_only": build_only,
        "fetch_only": fetch_only,
    }
    if ICalFeed is not None:
        status, ical_body = request("/bench/django-ical.ics")
        assert status == 200 and ical_body.count(b"BEGIN:VEVENT") == events
        contenders["django_ical"] = lambda: request("/bench/django-ical.ics")
    results.update(interleaved(contenders, seconds=seconds))

    request(FEED_PATH)  # warm the cache
    status, warm_body = request(FEED_PATH)
    assert status == 200 and warm_body == body
    with translation.override("nl"):
        etag = public_feed().fingerprint(lang="nl").etag
    not_modified = {"HTTP_IF_NONE_MATCH": f'"{etag}"'}
    assert request(FEED_PATH, **not_modified)[0] == 304

    def without_freshness(function):
        """The same request with CALENDAR_FEED_FRESHNESS_SECONDS=0: a query every time."""

        def call():
            settings.CALENDAR_FEED_FRESHNESS_SECONDS = 0
            try:
                function()
            finally:
                settings.CALENDAR_FEED_FRESHNESS_SECONDS = FRESHNESS

        return call

    def warm():
        request(FEED_PATH)

    def revalidate():
        request(FEED_PATH, **not_modified)

    results.update(
        interleaved(
            {
                "memory": lambda: request("/bench/memory.ics"),
                "warm": warm,
                "not_modified": revalidate,
                "warm_query": without_freshness(warm),
                "not_modified_query": without_freshness(revalidate),
            },
            seconds=seconds,
        )
    )
    return results


def profile(events: int) -> None:
    """Where a warm and a cold request spend their time (cProfile, to stderr)."""
    import cProfile
    import pstats

    fill(events)
    request(FEED_PATH)
    stops = stop_rows(queries.feed_stops())
    meetings = meeting_rows(queries.feed_meetings())
    profiler = cProfile.Profile()
    with translation.override("nl"):
        site = FeedSite.current(periods=queries.opening_periods(queries.feed_stops()))
        profiler.enable()
        built = build_events(build_stop_event, stops, site=site)
        built += build_events(build_meeting_event, meetings, site=site)
        profiler.disable()
    print(f"--- building {events} events from instances in memory", file=sys.stderr)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(30)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        with translation.override("nl"):
            public_feed().fingerprint(lang="nl")
            stop_rows(queries.feed_stops())
            queries.opening_periods(queries.feed_stops())
            meeting_rows(queries.feed_meetings())
    profiler.disable()
    print(f"--- reading {events} events, 20 times", file=sys.stderr)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    for label, setup in (("warm", lambda: None), ("cold", forget)):
        profiler = cProfile.Profile()
        for _ in range(20):
            setup()
            profiler.enable()
            request(FEED_PATH)
            profiler.disable()
        print(f"--- {label} request, {events} events, 20 requests", file=sys.stderr)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)


def machine() -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import icalendar

    versions = [
        f"Python {platform.python_version()}",
        f"Django {django.get_version()}",
        f"icalendar {icalendar.__version__}",
    ]
    if ICalFeed is not None:
        from importlib.metadata import version

        versions.append(f"django-ical {version('django-ical')}")
    database = connection.vendor
    if database == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database += " " + cursor.fetchone()[0]
    else:
        import sqlite3

        database += f" {sqlite3.sqlite_version} (file)"
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} CPUs ({model}); "
        f"{', '.join(versions)}; {database}"
    )


def report(rows: list[dict]) -> str:
    def rate(timing: tuple[float, float], per: int = 1) -> str:
        return f"{per / timing[0]:,.0f}"

    def ratio(ours: tuple[float, float], theirs: tuple[float, float], bold: bool = True) -> str:
        best, median = ours[0] / theirs[0], ours[1] / theirs[1]
        text = f"{best:.2f}×"
        return (f"**{text}**" if bold else text) + f" ({median:.2f}×)"

    lines = [
        "| events | body | cold build ev/s | (b) icalendar alone ev/s | cold ÷ (b) "
        "| cold ÷ (b) with the collector paused in both "
        "| (a) django-ical ev/s | (a) ÷ cold | builder alone ÷ (b) | reads alone ÷ (b) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        n = row["events"]
        ical = row.get("django_ical")
        lines.append(
            f"| {n:,} | {row['bytes'] / 1024:,.0f} KiB | {rate(row['cold'], n)} "
            f"| {rate(row['floor'], n)} | {ratio(row['cold'], row['floor'])} "
            f"| {ratio(row['cold'], row['floor_paused'])} "
            f"| {rate(ical, n) if ical else '–'} "
            f"| {ratio(ical, row['cold']) if ical else '–'} "
            f"| {ratio(row['build_only'], row['floor'], False)} "
            f"| {ratio(row['fetch_only'], row['floor'], False)} |"
        )
    lines += [
        "",
        "| events | (c) bytes from memory req/s | warm 200 req/s | warm ÷ (c) "
        "| 304 req/s | 304 ÷ (c) | warm 200, query each time | ÷ (c) "
        "| 304, query each time | ÷ (c) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        memory = row["memory"]
        lines.append(
            f"| {row['events']:,} | {rate(memory)} | {rate(row['warm'])} "
            f"| {ratio(row['warm'], memory)} | {rate(row['not_modified'])} "
            f"| {ratio(row['not_modified'], memory, False)} | {rate(row['warm_query'])} "
            f"| {ratio(row['warm_query'], memory, False)} | {rate(row['not_modified_query'])} "
            f"| {ratio(row['not_modified_query'], memory, False)} |"
        )
    lines += [
        "",
        "Rates are from the best call of each; ratios are time per event (cold) or per "
        "request (warm, 304) divided by the baseline's, best calls first and medians in "
        "brackets: below 1 is faster than the baseline. (a) ÷ cold above 1 means "
        "django-ical is that many times slower than our cold build. *Builder alone*: "
        "our events built and serialised from rows already in memory; *reads alone*: "
        "the fingerprint and the feed's queries, rows made, nothing built; together "
        "with the request they make the cold build. Our builds pause "
        "CPython's cyclic collector (events/calendar/sources.py); the second ratio gives "
        "(b) the same pause.",
    ]
    return "\n".join(lines)


def main() -> None:
    global HANDLER
    settings.ROOT_URLCONF = __name__
    if DATABASE == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(TMP / "bench.sqlite3")
    try:
        old_config = setup_databases(verbosity=0, interactive=False)
    except BaseException:
        shutil.rmtree(TMP, ignore_errors=True)
        raise
    try:
        HANDLER = WSGIHandler()
        print(machine())
        print(f"clock: {CLOCK} time; {ARGS.seconds} s per contender and size")
        print(f"load average at start: {os.getloadavg()}")
        rows = []
        if ARGS.profile:
            profile(int(ARGS.sizes.split(",")[0]))
            return
        for size in [int(s) for s in ARGS.sizes.split(",")]:
            print(f"measuring {size:,} events ...", file=sys.stderr)
            rows.append(measure(size, ARGS.seconds))
        print(report(rows))
        print(f"load average at end: {os.getloadavg()}")
    finally:
        connection.close()
        teardown_databases(old_config, verbosity=0)
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.modules.setdefault("bench_feeds_main", sys.modules[__name__])
    main()
