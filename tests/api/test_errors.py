"""The one error format, for whatever a service raises."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from events.api.errors import api_exception_handler, flatten_errors
from events.registrations.services import RegistrationRefused


def handle(exc):
    with translation.override("en"):
        response = api_exception_handler(exc, {})
    return response.status_code, response.data


@pytest.mark.parametrize(
    ("error", "errors"),
    [
        (
            ValidationError("Kit already travelling."),
            {"non_field_errors": ["Kit already travelling."]},
        ),
        (
            ValidationError({"kit": "Kit is elsewhere.", "__all__": ["Overlaps a closure."]}),
            {"kit": ["Kit is elsewhere."], "non_field_errors": ["Overlaps a closure."]},
        ),
        (
            ValidationError([ValidationError("One."), ValidationError("Two.")]),
            {"non_field_errors": ["One.", "Two."]},
        ),
    ],
)
def test_any_service_validation_error_is_400_with_field_errors(error, errors):
    status, body = handle(error)
    assert status == 400
    assert body["code"] == "invalid"
    assert body["errors"] == errors


def test_registration_refusal_is_409_with_its_code():
    status, body = handle(RegistrationRefused("Full.", code="full"))
    assert (status, body["code"], body["detail"], body["errors"]) == (409, "full", "Full.", {})
    status, body = handle(RegistrationRefused("Taken.", code="duplicate", field="email"))
    assert body["errors"] == {"email": ["Taken."]}


def test_integrity_error_is_409_conflict():
    status, body = handle(IntegrityError("duplicate key"))
    assert status == 409
    assert body["code"] == "conflict"
    assert "duplicate key" not in body["detail"]


def test_unexpected_errors_are_left_to_django():
    with translation.override("en"):
        assert api_exception_handler(RuntimeError("boom"), {}) is None


def test_nested_errors_are_flattened_with_dots():
    nested = {"opening_hours": [{}, {"closes_at": ["Too early."]}], "kit": ["Unknown."]}
    assert flatten_errors(nested) == {
        "opening_hours.1.closes_at": ["Too early."],
        "kit": ["Unknown."],
    }
