"""Public pages, under the language prefix (/nl/..., /en/...); one path per page in both."""

from django.urls import path

from . import planner_views
from .views import pages, registration

urlpatterns = [
    path("", pages.home, name="home"),
    path("tentoonstelling/", pages.tour, name="tour"),
    path("tentoonstelling/<slug:slug>/", pages.stop_detail, name="stop-detail"),
    path("bijeenkomsten/", pages.meetings, name="meetings"),
    path("bijeenkomsten/<slug:slug>/", pages.meeting_detail, name="meeting-detail"),
    path(
        "bijeenkomsten/<slug:slug>/aanmelden/",
        registration.register_for_meeting,
        name="meeting-register",
    ),
    path("locaties/<slug:slug>/", pages.venue_detail, name="venue-detail"),
    path("aanmelding/<str:token>/", registration.manage, name="registration-manage"),
    path("aanmelding/<str:token>/annuleren/", registration.cancel, name="registration-cancel"),
    path("privacy/", pages.privacy, name="privacy"),
    path("waar/", planner_views.where, name="where"),
]
