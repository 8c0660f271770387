"""The page a locked-out sign-in gets (django-axes calls ``locked_out``)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """429 with the wait in minutes, in the request's language; no detail on which attempts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = TemplateResponse(
        request,
        "admin/locked_out.html",
        {"minutes": minutes, "site_header": "Open je Ogen", "site_title": "Open je Ogen"},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response.render()
