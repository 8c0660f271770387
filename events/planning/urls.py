"""Organiser pages, under ``/<language>/organiser/`` (login: an organiser or administrator)."""

from django.urls import path

from . import views

app_name = "organiser"

urlpatterns = [
    path("", views.organiser_home, name="home"),
    path("timeline/", views.timeline, name="timeline"),
    path("free-windows/", views.free_windows, name="free-windows"),
    path("clash-check/", views.clash_check, name="clash-check"),
]
