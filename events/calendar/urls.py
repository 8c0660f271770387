"""Calendar feed addresses: outside the language prefix, stable (calendar apps keep them for years).

Names are ``calendar:<name>``; see ``views.py`` for the parameters.
"""

from django.urls import path, re_path

from scheduler import converters  # noqa: F401  (registers <token:...>)

from . import views

app_name = "calendar"

urlpatterns = [
    path("all.ics", views.all_feed, name="all"),
    path("series/<slug:slug>.ics", views.series_feed, name="series"),
    path("venues/<slug:slug>.ics", views.venue_feed, name="venue"),
    path("meetings/<slug:slug>.ics", views.meeting_file, name="meeting"),
    path("me/<token:token>.ics", views.attendee_calendar, name="attendee"),
    path("organiser/<token:token>.ics", views.organiser_calendar, name="organiser"),
    # Calendar apps read the body of an error too: plain text, never the site's HTML page.
    re_path(r"^(?P<path>.*)$", views.no_calendar_here, name="not-found"),
]
