"""Registering, the attendee's manage page and cancelling: forms in, services called.

The rules (seats, waiting list, window, duplicates, promotion) are all in
``events.registrations.services``; these views parse the form, call it, and show
its answer on the right field, with the right status code.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import queries
from ..calendar import build_meeting_invitation, invitation_content_type
from ..models import RegistrationStatus
from ..pages.views import render_meeting
from .forms import ConfirmForm, DetailsForm, RegistrationForm
from .ratelimit import allow_registration_attempt
from .retention import erase_registration, registration_data
from .services import (
    RegistrationRefused,
    cancel_registration,
    correct_own_details,
    register,
    waitlist_position,
)


@require_POST
def register_for_meeting(request: HttpRequest, slug: str) -> HttpResponse:
    """POST of the registration form: redirect to the manage page, or the form with errors."""
    meeting = queries.public_meeting(slug)
    if meeting is None:
        raise Http404
    if not allow_registration_attempt(request, meeting_id=meeting.pk):
        return too_many_requests(request)
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        return render_meeting(request, meeting=meeting, form=form, status=400)
    try:
        registration = register(meeting=meeting, attendee=form.attendee())
    except RegistrationRefused as exc:
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, exc.messages[0])
            form.describe_fields()
            refusal = None
        else:
            refusal = exc.messages[0]
        # Input the service refused is bad input; the rest is about the meeting's
        # state (closed, full) or a duplicate: a conflict.
        status = 400 if exc.code == "invalid" else 409
        return render_meeting(request, meeting=meeting, form=form, refusal=refusal, status=status)
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("You are registered. We have sent you a confirmation."))
    else:
        messages.info(
            request,
            _("The meeting is full: you are on the waiting list. We e-mail you when a seat frees."),
        )
    return redirect("registration-manage", token=registration.manage_token)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    response = render(request, "events/429.html", status=429)
    response["Retry-After"] = "600"
    return response


def _registration_or_404(token: str):
    registration = queries.registration_by_token(token)
    if registration is None or registration.anonymised_at is not None:
        raise Http404(_("This link is unknown or no longer valid."))
    return registration


def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The attendee's own page: status, place in the queue, cancel, this registration's .ics.

    Whoever typed an address reaches this page, not only its owner: it shows
    this one registration and nothing else of the address. The private feed of
    all the address's registrations travels only by e-mail, which proves it.
    """
    registration = _registration_or_404(token)
    return _render_manage(request, registration, details=None)


def _render_manage(request: HttpRequest, registration, *, details, status: int = 200):
    meeting = registration.meeting
    if details is None:
        details = DetailsForm(
            initial={
                "name": registration.name,
                "organisation": registration.organisation,
                "remarks": registration.remarks,
            }
        )
    return render(
        request,
        "events/registration_manage.html",
        {
            "registration": registration,
            "meeting": meeting,
            "position": waitlist_position(registration),
            "meeting_over": meeting.ends_at < timezone.now(),
            "retention_days": settings.REGISTRATION_RETENTION_DAYS,
            "details": details,
        },
        status=status,
    )


@require_POST
def correct_details(request: HttpRequest, token: str) -> HttpResponse:
    """The attendee's own corrections, checked as a new registration is; then back to the page."""
    registration = _registration_or_404(token)
    details = DetailsForm(request.POST)
    if details.is_valid():
        try:
            correct_own_details(registration=registration, **details.cleaned_data)
        except RegistrationRefused as exc:
            details.add_error(exc.field if exc.field in details.fields else None, exc.messages[0])
            details.describe_fields()
        else:
            messages.success(request, _("Your details have been corrected."))
            return redirect("registration-manage", token=token)
    return _render_manage(request, registration, details=details, status=400)


@require_safe
def calendar_file(request: HttpRequest, token: str) -> HttpResponse:
    """This registration as an .ics file: the e-mail's attachment, as it stands now."""
    registration = _registration_or_404(token)
    response = HttpResponse(
        build_meeting_invitation(registration=registration),
        content_type=invitation_content_type(),
    )
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def _confirmed_step(
    request: HttpRequest, registration, *, template: str, act: Callable[[], HttpResponse]
) -> HttpResponse:
    """The second step of an irreversible action: a page that asks, then a POST that does it.

    The POST carries the CSRF token and an explicit yes; without the yes the
    page is shown again (400) and nothing happens.
    """
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        if form.is_valid():
            return act()
        status = 400
    else:
        form = ConfirmForm()
        status = 200
    return render(
        request,
        template,
        {"registration": registration, "meeting": registration.meeting, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Cancelling in two steps: a page that asks, then a POST (with CSRF) that does it."""
    registration = _registration_or_404(token)
    if registration.status == RegistrationStatus.CANCELLED:
        return redirect("registration-manage", token=token)

    def act() -> HttpResponse:
        result = cancel_registration(registration=registration)
        if result.registration.status == RegistrationStatus.CANCELLED:
            messages.success(request, _("Your registration is cancelled."))
        return redirect(reverse("registration-manage", kwargs={"token": token}))

    return _confirmed_step(
        request, registration, template="events/registration_cancel.html", act=act
    )


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, token: str) -> HttpResponse:
    """Deleting one's own data in two steps: a page that says what happens, then a POST."""
    registration = _registration_or_404(token)

    def act() -> HttpResponse:
        erase_registration(registration=registration)
        messages.success(request, _("Your details have been deleted."))
        return redirect("home")

    return _confirmed_step(
        request, registration, template="events/registration_erase.html", act=act
    )


@require_safe
def stored_data(request: HttpRequest, token: str) -> HttpResponse:
    """Everything stored about this registration, as a JSON file for the attendee."""
    registration = _registration_or_404(token)
    response = JsonResponse(
        registration_data(registration=registration), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="my-registration.json"'
    response["Cache-Control"] = "private, no-store"
    return response
