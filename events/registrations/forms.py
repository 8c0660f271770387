"""Forms of registering for a meeting and cancelling a registration.

Forms parse and check input and say what is wrong on the field concerned;
the rules themselves (seats, waiting list, window, duplicates) live in
``events.registrations.services``, which the view calls with the cleaned data.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import Sector
from ..pages.forms import AccessibleFormMixin
from .services import (
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    MAX_ORGANISATION_LENGTH,
    MAX_REMARKS_LENGTH,
    Attendee,
    validate_deliverable_email,
)


class DeliverableEmailField(forms.EmailField):
    """An e-mail field that says why an address with accented letters before the @ is refused."""

    default_validators = [validate_deliverable_email]


class DetailsForm(AccessibleFormMixin, forms.Form):
    """Name, organisation and remarks: what an attendee may correct later, and part of
    registering (``RegistrationForm`` adds the rest)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=MAX_NAME_LENGTH,
        error_messages={"required": _("Please give your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=MAX_ORGANISATION_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    remarks = forms.CharField(
        label=_("Remarks (optional)"),
        max_length=MAX_REMARKS_LENGTH,
        required=False,
        help_text=_("For example accessibility needs or a diet."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegistrationForm(DetailsForm):
    """What an attendee gives to register; ``website`` is a honeypot for bots."""

    email = DeliverableEmailField(
        label=_("E-mail address"),
        max_length=MAX_EMAIL_LENGTH,
        help_text=_("We send your confirmation and the link to cancel to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    sector = forms.ChoiceField(
        label=_("Sector you work in"),
        choices=Sector.choices,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("I agree that CoMensha stores these details to organise this meeting."),
        error_messages={"required": _("Please agree, or we cannot register you.")},
    )
    # Hidden from people by CSS (and from screen readers and keyboards with
    # it); bots that fill every field give themselves away.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    field_order = ["name", "email", "organisation", "sector", "remarks", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = format_html(
            '<a href="{}">{}</a>',
            reverse_lazy("privacy"),
            _("Read the privacy statement: what we store, why, and for how long."),
        )
        self.fields["email"].error_messages["required"] = _("Please give your e-mail address.")
        self.fields["sector"].error_messages["required"] = _("Choose a sector.")
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            # A neutral answer: naming the field would tell a bot what to leave empty.
            raise forms.ValidationError(
                _("Your registration could not be processed. Please try again."),
                code="honeypot",
            )
        return cleaned

    @property
    def is_bot(self) -> bool:
        return self.has_error(forms.forms.NON_FIELD_ERRORS, "honeypot")

    def attendee(self) -> Attendee:
        data = self.cleaned_data
        return Attendee(
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            sector=data["sector"],
            remarks=data["remarks"],
            language=get_language() or "nl",
        )


class ConfirmForm(forms.Form):
    """The second step of cancelling or deleting: an explicit yes, posted with the CSRF token."""

    confirm = forms.BooleanField(
        required=True,
        widget=forms.HiddenInput,
        initial=True,
        error_messages={"required": _("Use the button on this page to confirm.")},
    )
