"""One error format for the whole API.

Every error answer is JSON of this shape::

    {"detail": "A sentence for people.", "code": "machine_code",
     "errors": {"field": ["message", ...], "opening_hours.1.closes_at": [...]}}

``errors`` is empty unless a field is at fault; errors not tied to one field
sit under ``non_field_errors``; nested fields are joined with dots. Messages
are in the language of the request (``Accept-Language``: Dutch or English).

Status codes: 400 bad input, 401 not signed in, 403 not allowed, 404 not found
(also for what the caller may not see), 405, 406, 409 when the state of the
data refuses the request (meeting full, already registered, registration
closed), 415, 429 throttled (with ``Retry-After``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from events.registrations.services import RegistrationRefused

logger = logging.getLogger(__name__)

NON_FIELD_ERRORS = api_settings.NON_FIELD_ERRORS_KEY


class Conflict(exceptions.APIException):
    """The request is well-formed, but the current state of the data refuses it."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the data.")
    default_code = "conflict"


INVALID_INPUT = _("The input is not valid: see the errors per field.")


def flatten_errors(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """``{"a": {"b": ["x"]}, "c": [{"d": ["y"]}]}`` -> ``{"a.b": ["x"], "c.0.d": ["y"]}``."""
    if isinstance(data, dict):
        flat: dict[str, list[str]] = {}
        for key, value in data.items():
            key = NON_FIELD_ERRORS if key in ("__all__", None) else str(key)
            flat.update(flatten_errors(value, f"{prefix}.{key}" if prefix else key))
        return flat
    if isinstance(data, list) and any(isinstance(item, dict | list) for item in data):
        flat = {}
        for index, item in enumerate(data):
            if item:  # DRF reports an error-free row of a list as {}
                flat.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = data if isinstance(data, list) else [data]
    return {prefix or NON_FIELD_ERRORS: [force_str(message) for message in messages]}


def error_body(detail: Any, code: str, errors: dict[str, list[str]] | None = None) -> dict:
    return {"detail": force_str(detail), "code": code, "errors": errors or {}}


def _refusal_response(exc: RegistrationRefused) -> Response:
    errors = {exc.field: [force_str(m) for m in exc.messages]} if exc.field else {}
    # Input the service itself refused is bad input (400); the rest is the
    # state of the meeting or of the address's registrations (409).
    code = status.HTTP_400_BAD_REQUEST if exc.code == "invalid" else status.HTTP_409_CONFLICT
    return Response(error_body(exc.messages[0], exc.code, errors), status=code)


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, plus the services' ``ValidationError``, reshaped to one format."""
    if isinstance(exc, RegistrationRefused):
        return _refusal_response(exc)
    if isinstance(exc, DjangoValidationError):
        # A service ran full_clean (or a rule of its own) and said no.
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    elif isinstance(exc, Http404):
        # Django's message names the model ("No Meeting matches..."), untranslated.
        exc = exceptions.NotFound()
    elif isinstance(exc, IntegrityError):
        # A constraint caught a race that the services' checks could not see.
        logger.warning("Integrity error answered with 409: %s", exc)
        exc = Conflict()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(INVALID_INPUT, "invalid", flatten_errors(response.data))
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = error_body(detail, code)
    return response
