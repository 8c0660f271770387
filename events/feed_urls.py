"""Calendar feed addresses: outside the language prefix, stable (calendar apps keep them for years).

Names are ``calendar:<name>``; see ``events/feeds.py`` for the parameters.
"""

from django.urls import path

from . import feeds

app_name = "calendar"

urlpatterns = [
    path("all.ics", feeds.all_feed, name="all"),
    path("series/<slug:slug>.ics", feeds.series_feed, name="series"),
    path("venues/<slug:slug>.ics", feeds.venue_feed, name="venue"),
    path("meetings/<slug:slug>.ics", feeds.meeting_file, name="meeting"),
    path("me/<str:token>.ics", feeds.attendee_calendar, name="attendee"),
    path("organiser/<str:token>.ics", feeds.organiser_calendar, name="organiser"),
]
