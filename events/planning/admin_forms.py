"""The planning rules in the back office: form checks, warnings, and no 500 on a clash.

The admin validates a form and saves it in one transaction. The forms'
``clean()`` call the planning ``check_*`` functions, which lock the kit and
venue rows until that transaction ends, so the service call in ``save_model``
sees what the form saw: a clash is a form error, never a 500.
"""

from __future__ import annotations

import copy

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from ..meetings.services import check_capacity
from .conflicts import Conflict
from .services import check_kit, check_meeting, check_stop


def planning_candidate(form: forms.ModelForm, names: tuple[str, ...]) -> Model | None:
    """The form's object as it would be saved (a copy), or None while a field is invalid."""
    if any(name in form.errors or form.cleaned_data.get(name) is None for name in names):
        return None
    candidate = copy.copy(form.instance)
    for name in names:
        setattr(candidate, name, form.cleaned_data[name])
    return candidate


def warn_about(request: HttpRequest, conflicts: list[Conflict]) -> None:
    """Show the clashes a save was allowed to keep (drafts and options), one message each."""
    for conflict in conflicts:
        messages.warning(request, _("Clash: %(message)s") % {"message": conflict.message})


class PlanningConflictAdminMixin:
    """A refusal that slips in between the form's check and the save is an error message,
    not a 500.

    The form's ``clean()`` checks under the same locks the save takes, in the
    same transaction, so this only catches a writer that bypassed the
    services and committed in between (PostgreSQL then refuses the save), or
    a rule the service checks that the form did not (a ``ValidationError``).
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refusal:
            for message in refusal.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ExhibitionStopForm(forms.ModelForm):
    """Refuses, as a form error, a confirmed stop that clashes (see ``planning.check_stop``)."""

    PLANNED_FIELDS = ("kit", "venue", "setup_on", "opens_on", "closes_on", "teardown_on")

    def clean(self):
        cleaned = super().clean()
        candidate = planning_candidate(self, self.PLANNED_FIELDS)
        if candidate is not None and (
            candidate.setup_on <= candidate.opens_on <= candidate.closes_on <= candidate.teardown_on
        ):
            check_stop(stop=candidate)
        return cleaned


class ExhibitionKitForm(forms.ModelForm):
    """Refuses transport days that would make two confirmed stops of the kit overlap."""

    def clean(self):
        cleaned = super().clean()
        candidate = planning_candidate(self, ("transport_days",))
        if candidate is not None:
            check_kit(kit=candidate)
        return cleaned


class MeetingForm(forms.ModelForm):
    """Refuses a meeting that overlaps another at its venue, or falls on a closed day,
    and a capacity below the seats already taken."""

    def clean(self):
        cleaned = super().clean()
        candidate = planning_candidate(self, ("starts_at", "ends_at"))
        if candidate is not None:
            candidate.venue = cleaned.get("venue")
            if candidate.ends_at > candidate.starts_at:
                check_meeting(meeting=candidate)
        sized = planning_candidate(self, ("capacity",))
        if sized is not None:
            check_capacity(meeting=sized)
        return cleaned
