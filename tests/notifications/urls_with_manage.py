"""The project's URLs plus a stand-in for the public site's manage page, for link tests."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from scheduler.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *project_urlpatterns,
    *i18n_patterns(
        path(
            "mijn-aanmelding/<str:token>/",
            lambda request, token: HttpResponse(),
            name="registration-manage",
        ),
    ),
]
