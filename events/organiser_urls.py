"""Organiser pages, under ``/<language>/organiser/`` (login: an organiser or administrator)."""

from django.urls import path

from . import planner_views

app_name = "organiser"

urlpatterns = [
    path("", planner_views.organiser_home, name="home"),
    path("timeline/", planner_views.timeline, name="timeline"),
    path("free-windows/", planner_views.free_windows, name="free-windows"),
    path("clash-check/", planner_views.clash_check, name="clash-check"),
]
