"""The public pages, under the language prefix (/nl/..., /en/...); one path per page in both.

Registering and the attendee's own pages are in ``events.registrations.urls``;
``/waar/`` is drawn by the planner (``events.planning.views.where``).
"""

from django.urls import path

from ..planning import views as planning_views
from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tentoonstelling/", views.tour, name="tour"),
    path("tentoonstelling/<slug:slug>/", views.stop_detail, name="stop-detail"),
    path("bijeenkomsten/", views.meetings, name="meetings"),
    path("bijeenkomsten/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("locaties/<slug:slug>/", views.venue_detail, name="venue-detail"),
    path("privacy/", views.privacy, name="privacy"),
    path("waar/", planning_views.where, name="where"),
]
