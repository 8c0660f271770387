"""Registering for a meeting and the attendee's own pages, under the language prefix."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "bijeenkomsten/<slug:slug>/aanmelden/",
        views.register_for_meeting,
        name="meeting-register",
    ),
    path("aanmelding/<str:token>/", views.manage, name="registration-manage"),
    path("aanmelding/<str:token>/agenda.ics", views.calendar_file, name="registration-calendar"),
    path("aanmelding/<str:token>/annuleren/", views.cancel, name="registration-cancel"),
]
