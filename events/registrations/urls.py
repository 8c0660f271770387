"""Registering for a meeting and the attendee's own pages, under the language prefix."""

from django.urls import path

from scheduler import converters  # noqa: F401  (registers <token:...>)

from . import views

urlpatterns = [
    path(
        "bijeenkomsten/<slug:slug>/aanmelden/",
        views.register_for_meeting,
        name="meeting-register",
    ),
    path("aanmelding/<token:token>/", views.manage, name="registration-manage"),
    path("aanmelding/<token:token>/agenda.ics", views.calendar_file, name="registration-calendar"),
    path("aanmelding/<token:token>/annuleren/", views.cancel, name="registration-cancel"),
    path("aanmelding/<token:token>/verwijderen/", views.erase, name="registration-erase"),
    path(
        "aanmelding/<token:token>/corrigeren/", views.correct_details, name="registration-correct"
    ),
    path("aanmelding/<token:token>/gegevens.json", views.stored_data, name="registration-data"),
]
