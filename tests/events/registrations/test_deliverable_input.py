"""Input that can be delivered: what no mail could ever reach is refused where it comes in.

The rules sit in the service (``validate_attendee``), so the form, the API, the
admin and scripts agree; a secret in an address that cannot be one is a 404
before any view runs.
"""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from events.models import Registration
from events.registrations.services import (
    Attendee,
    RegistrationRefused,
    normalise_email,
    register,
)
from tests.events.registrations.test_form import post
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def attendee(**changes) -> Attendee:
    values = {"name": "Anna de Vries", "email": "anna@example.org", "sector": "medical"}
    values.update(changes)
    return Attendee(**values)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Anna\r\nBcc: iedereen@example.org"),
        ("name", "Anna\tde Vries"),
        ("name", "Anna\x1b[31m"),
        ("organisation", "GGD\x85Hollands Midden"),
        ("remarks", "Rolstoel\x07"),
    ],
)
def test_control_characters_are_refused_on_their_field(field, value):
    with pytest.raises(RegistrationRefused) as refusal:
        register(meeting=MeetingFactory(), attendee=attendee(**{field: value}))

    assert (refusal.value.code, refusal.value.field) == ("invalid", field)
    assert not Registration.objects.exists()


def test_remarks_keep_their_lines_and_tabs():
    registration = register(
        meeting=MeetingFactory(), attendee=attendee(remarks="Rolstoel.\r\n\tVegetarisch.")
    )
    assert registration.remarks == "Rolstoel.\r\n\tVegetarisch."


def test_a_name_with_a_line_break_posted_raw_is_a_400_on_the_field(client):
    response = post(client, MeetingFactory(), name="Anna\r\nBcc: iedereen@example.org")

    assert response.status_code == 400
    assert "Remove the line breaks and other control characters." in response.content.decode()
    assert not Registration.objects.exists()


def test_the_api_refuses_a_name_with_a_line_break_as_bad_input():
    meeting = MeetingFactory()
    response = APIClient().post(
        f"/api/v1/meetings/{meeting.slug}/registrations/",
        {
            "name": "Anna\nde Vries",
            "email": "anna@example.org",
            "sector": "medical",
            "consent": True,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json()["errors"]["name"] == [
        "Remove the line breaks and other control characters."
    ]


def test_an_internationalised_domain_is_stored_in_its_ascii_form():
    registration = register(meeting=MeetingFactory(), attendee=attendee(email="Uni@Exämple.org"))

    assert registration.email == "uni@xn--exmple-cua.org"
    assert normalise_email("uni@xn--exmple-cua.org") == registration.email


def test_the_two_spellings_of_one_domain_are_one_address():
    meeting = MeetingFactory()
    register(meeting=meeting, attendee=attendee(email="uni@exämple.org"))

    with pytest.raises(RegistrationRefused) as refusal:
        register(meeting=meeting, attendee=attendee(email="UNI@xn--exmple-cua.org"))

    assert refusal.value.code == "duplicate"


def test_accented_letters_before_the_at_are_refused_with_a_clear_message(client):
    response = post(client, MeetingFactory(), email="zoë@example.org")

    assert response.status_code == 400
    assert "only unaccented letters" in response.content.decode()
    assert not Registration.objects.exists()


TOKEN_PATHS = [
    "/nl/aanmelding/{t}/",
    "/en/aanmelding/{t}/annuleren/",
    "/nl/aanmelding/{t}/agenda.ics",
    "/calendar/me/{t}.ics",
    "/calendar/organiser/{t}.ics",
    "/nl/herinneringen-stoppen/{t}/",
    "/api/v1/registrations/{t}/",
]
NOT_TOKENS = ["%00abc", "abc%00" + "x" * 40, "x" * 65, "kort", "x" * 30 + "%0A", "x" * 30 + "*"]


@pytest.mark.parametrize("path", TOKEN_PATHS)
@pytest.mark.parametrize("token", NOT_TOKENS)
def test_a_segment_that_cannot_be_a_token_is_a_404_without_a_query(
    path, token, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = Client().get(path.format(t=token))

    assert response.status_code == 404
