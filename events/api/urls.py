"""The one router of the API, mounted at /api/v1/ (outside the language prefixes)."""

from __future__ import annotations

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api-v1"

router = SimpleRouter()
router.register("venues", views.VenueViewSet, basename="venue")
router.register("series", views.SeriesViewSet, basename="series")
router.register("stops", views.StopViewSet, basename="stop")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("registrations", views.RegistrationViewSet, basename="registration")

urlpatterns = [
    *router.urls,
    re_path(r"^[\s\S]*$", views.NotFoundView.as_view(), name="not-found"),
]
