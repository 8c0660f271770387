"""Registering through the public form, the manage page and cancelling, with bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.validators import validate_email
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import MeetingStatus, Registration, RegistrationStatus
from tests.factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def form_data(**changes) -> dict[str, str]:
    data = {
        "name": "Zoë Çelik-Ñúñez",
        "email": "zoe@example.org",
        "organisation": "GGD Hollands Midden",
        "sector": "medical",
        "remarks": "Rolstoel; vegetarisch.",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post(client, meeting, lang="en", **changes):
    return client.post(f"/{lang}/bijeenkomsten/{meeting.slug}/aanmelden/", form_data(**changes))


def test_register_redirects_to_the_manage_page_with_the_status(client):
    meeting = MeetingFactory(capacity=5)
    response = post(client, meeting)
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/en/aanmelding/{registration.manage_token}/"
    assert registration.name == "Zoë Çelik-Ñúñez"
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.language == "en"

    page = client.get(response.headers["Location"])
    text = page.content.decode()
    assert "You are registered" in text
    assert "Confirmed: you have a seat." in text
    assert "Zoë Çelik-Ñúñez" in text


def test_register_in_dutch_stores_dutch_as_the_language(client):
    meeting = MeetingFactory()
    post(client, meeting, lang="nl")
    assert Registration.objects.get().language == "nl"


def test_register_when_full_puts_people_on_the_waiting_list_with_a_position(client):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    response = post(client, meeting)
    text = client.get(response.headers["Location"]).content.decode()
    assert "you are on the waiting list" in text
    assert "you are number 2" in text


def test_register_same_email_twice_shows_the_message_on_the_email_field(client):
    meeting = MeetingFactory()
    post(client, meeting)
    response = post(client, meeting, email="ZOE@example.org ", name="Ander")
    assert response.status_code == 409
    text = response.content.decode()
    assert "already registered for this meeting" in text
    assert 'aria-describedby="id_email-help id_email-error"' in text
    assert 'aria-invalid="true"' in text
    assert Registration.objects.count() == 1


def test_register_full_meeting_without_waitlist_is_a_clear_conflict(client):
    meeting = MeetingFactory(capacity=1, waitlist_enabled=False)
    RegistrationFactory(meeting=meeting)
    response = post(client, meeting)
    assert response.status_code == 409
    assert "This meeting is full." in response.content.decode()
    assert meeting.registrations.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"registration_closes_at": timezone.now() - timedelta(minutes=1)},
        {"registration_opens_at": timezone.now() + timedelta(days=1)},
        {"status": MeetingStatus.CANCELLED},
    ],
)
def test_register_for_a_closed_or_cancelled_meeting_is_refused(client, changes):
    meeting = MeetingFactory(**changes)
    response = post(client, meeting)
    assert response.status_code == 409
    assert "Your registration was not accepted" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_for_a_past_meeting_is_refused(client):
    start = timezone.now() - timedelta(days=2)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    response = post(client, meeting)
    assert response.status_code == 409
    assert "has closed" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_for_a_draft_or_unknown_meeting_is_404(client):
    draft = MeetingFactory(status=MeetingStatus.DRAFT)
    assert post(client, draft).status_code == 404
    assert client.post("/en/bijeenkomsten/nope/aanmelden/", form_data()).status_code == 404
    assert not Registration.objects.exists()


def test_register_page_only_takes_posts(client):
    meeting = MeetingFactory()
    assert client.get(f"/en/bijeenkomsten/{meeting.slug}/aanmelden/").status_code == 405


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Please give your name."),
        ({"name": "   "}, "name", "Please give your name."),
        ({"name": "x" * 201}, "name", "at most 200 characters"),
        ({"email": ""}, "email", "Please give your e-mail address."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": "a@b"}, "email", "Enter a valid email address."),
        ({"email": "x" * 250 + "@example.org"}, "email", "at most 254 characters"),
        ({"organisation": "o" * 201}, "organisation", "at most 200 characters"),
        ({"remarks": "r" * 2001}, "remarks", "at most 2000 characters"),
        ({"sector": "spy"}, "sector", "Select a valid choice."),
        ({"sector": None}, "sector", "Choose a sector."),
        ({"consent": None}, "consent", "Please agree, or we cannot register you."),
        ({"name": "Ana\x00"}, "name", "Null characters are not allowed."),
    ],
)
def test_register_bad_input_is_a_400_with_the_message_on_the_field(client, changes, field, message):
    meeting = MeetingFactory()
    response = post(client, meeting, **changes)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert f'id="id_{field}-error"' in text
    assert f'href="#id_{field}' in text  # the error summary links to the field
    assert not Registration.objects.exists()


@pytest.mark.parametrize("value", ["<script>alert('x')</script>", '"><img src=x onerror=alert(1)>'])
def test_html_and_script_in_every_field_are_stored_as_text_and_shown_escaped(client, value):
    meeting = MeetingFactory()
    response = post(
        client,
        meeting,
        name=value,
        organisation=value,
        remarks=value,
        email="xss@example.org",
    )
    registration = Registration.objects.get()
    assert registration.name == value
    text = client.get(response.headers["Location"]).content.decode()
    assert value not in text
    assert "&lt;" in text


def test_template_syntax_in_a_field_is_shown_as_typed_never_run(client):
    meeting = MeetingFactory()
    # What the tag would render must not occur by chance on the page (a number
    # can: the page carries random tokens).
    value = "{{ 'ran-as-'|add:'template' }}{% now 'Y' %}"
    response = post(client, meeting, name=value, email="tpl@example.org")
    text = client.get(response.headers["Location"]).content.decode()
    assert "{{ &#x27;ran-as-&#x27;|add:&#x27;template&#x27; }}{% now &#x27;Y&#x27; %}" in text
    assert "ran-as-template" not in text


@pytest.mark.parametrize(
    "name",
    ["Zoë Çelik-Ñúñez", "فاطمة الزهراء", "李小龍", "Anouk 🌷 de Vries", "Ōsaka Łódź"],
)
def test_unicode_names_are_kept_as_given(client, name):
    meeting = MeetingFactory()
    response = post(client, meeting, name=name)
    assert response.status_code == 302
    assert Registration.objects.get().name == name
    assert name in client.get(response.headers["Location"]).content.decode()


def test_honeypot_filled_stores_nothing(client):
    meeting = MeetingFactory()
    response = post(client, meeting, website="http://spam.example")
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_honeypot_is_hidden_from_people_and_keyboards(client):
    meeting = MeetingFactory()
    text = client.get(f"/en/bijeenkomsten/{meeting.slug}/").content.decode()
    assert '<div class="hp" aria-hidden="true">' in text
    assert 'tabindex="-1"' in text


def test_register_without_csrf_token_is_refused(db):
    meeting = MeetingFactory()
    strict = Client(enforce_csrf_checks=True)
    response = post(strict, meeting)
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    assert not Registration.objects.exists()


def test_rate_limit_answers_429_with_a_translated_page(client, settings):
    settings.REGISTRATION_RATE_LIMIT = 3
    meeting = MeetingFactory()
    statuses = [post(client, meeting, email=f"p{n}@example.org").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    last = post(client, meeting, email="p9@example.org")
    assert "Too many attempts" in last.content.decode()
    assert last.headers["Retry-After"] == "600"
    assert Registration.objects.count() == 3


def test_rate_limit_counts_each_client_address_apart(client, settings):
    settings.REGISTRATION_RATE_LIMIT = 1
    meeting = MeetingFactory()
    first = client.post(
        f"/en/bijeenkomsten/{meeting.slug}/aanmelden/", form_data(), REMOTE_ADDR="10.0.0.1"
    )
    other = client.post(
        f"/en/bijeenkomsten/{meeting.slug}/aanmelden/",
        form_data(email="b@example.org"),
        REMOTE_ADDR="10.0.0.2",
    )
    again = client.post(
        f"/en/bijeenkomsten/{meeting.slug}/aanmelden/",
        form_data(email="c@example.org"),
        REMOTE_ADDR="10.0.0.1",
    )
    assert (first.status_code, other.status_code, again.status_code) == (302, 302, 429)


def test_manage_page_with_unknown_token_is_404(client):
    assert client.get("/en/aanmelding/does-not-exist/").status_code == 404
    assert client.get("/en/aanmelding/" + "x" * 300 + "/").status_code == 404
    assert client.post("/en/aanmelding/does-not-exist/annuleren/").status_code == 404


def test_cancel_asks_first_then_frees_the_seat_for_the_first_waiting(client):
    meeting = MeetingFactory(capacity=1)
    confirmed = RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    cancel_url = f"/en/aanmelding/{confirmed.manage_token}/annuleren/"

    ask = client.get(cancel_url)
    assert "Cancel your registration?" in ask.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.status == RegistrationStatus.CONFIRMED

    done = client.post(cancel_url, {"confirm": "True"})
    assert done.status_code == 302
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert confirmed.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    page = client.get(done.headers["Location"]).content.decode()
    assert "Your registration is cancelled." in page
    assert "Cancel my registration" not in page


def test_cancel_without_confirmation_changes_nothing(client):
    registration = RegistrationFactory()
    response = client.post(f"/en/aanmelding/{registration.manage_token}/annuleren/", {})
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_cancel_twice_is_harmless(client):
    registration = RegistrationFactory()
    url = f"/en/aanmelding/{registration.manage_token}/annuleren/"
    client.post(url, {"confirm": "True"})
    again = client.post(url, {"confirm": "True"})
    assert again.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_cancel_needs_the_csrf_token(db):
    registration = RegistrationFactory()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"/en/aanmelding/{registration.manage_token}/annuleren/", {"confirm": "True"}
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_manage_page_shows_no_one_elses_data(client):
    meeting = MeetingFactory()
    mine = RegistrationFactory(meeting=meeting, name="Mijn Naam")
    RegistrationFactory(meeting=meeting, name="Iemand Anders", email="anders@example.org")
    text = client.get(f"/en/aanmelding/{mine.manage_token}/").content.decode()
    assert "Mijn Naam" in text
    assert "Iemand Anders" not in text
    assert "anders@example.org" not in text


@pytest.mark.parametrize("waiting", [1, 6])
def test_manage_page_query_count_is_fixed(client, waiting, django_assert_max_num_queries):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    for _ in range(waiting):
        last = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    with django_assert_max_num_queries(6):
        assert client.get(f"/en/aanmelding/{last.manage_token}/").status_code == 200


form_values = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "medical", "on", "a@b.nl", "<b>x</b>", "\x00", "é" * 250]),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.dictionaries(
        st.sampled_from(
            ["name", "email", "organisation", "sector", "remarks", "consent", "website"]
        ),
        form_values,
    )
)
def test_random_form_data_never_causes_a_server_error_or_a_row_without_a_valid_email(client, data):
    cache.clear()  # one test, many examples: none of them may hit the rate limit
    meeting = MeetingFactory()
    response = client.post(f"/en/bijeenkomsten/{meeting.slug}/aanmelden/", data)
    assert response.status_code in (302, 400, 409)
    for registration in Registration.objects.filter(meeting=meeting):
        validate_email(registration.email)
        assert registration.name.strip()
    if response.status_code != 302:
        assert not Registration.objects.filter(meeting=meeting).exists()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.text(max_size=210),
    email=st.one_of(st.emails(), st.text(max_size=40)),
    organisation=st.text(max_size=210),
    remarks=st.text(max_size=300),
    sector=st.sampled_from(["medical", "police", "other", "", "nope"]),
)
def test_nearly_valid_random_registrations_are_stored_only_when_valid(
    client, name, email, organisation, remarks, sector
):
    cache.clear()
    meeting = MeetingFactory()
    data = form_data(
        name=name, email=email, organisation=organisation, remarks=remarks, sector=sector
    )
    response = client.post(f"/en/bijeenkomsten/{meeting.slug}/aanmelden/", data)
    assert response.status_code in (302, 400)
    stored = list(Registration.objects.filter(meeting=meeting))
    assert len(stored) == (1 if response.status_code == 302 else 0)
    for registration in stored:
        validate_email(registration.email)
        assert registration.name == name.strip()
