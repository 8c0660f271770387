"""Public forms: registering for a meeting, cancelling, and filtering the lists.

Forms parse and check input and say what is wrong on the field concerned;
the rules themselves (seats, waiting list, window, duplicates) live in
``events/registration.py``, which the view calls with the cleaned data.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from venues.models import Province, VenueKind

from .models import Sector
from .registration import (
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    MAX_ORGANISATION_LENGTH,
    MAX_REMARKS_LENGTH,
    Attendee,
)


class AccessibleFormMixin:
    """Links each field to its help and error texts, so screen readers read them.

    After validation every invalid field gets ``aria-invalid`` and an
    ``aria-describedby`` naming its error (and help) element, whose ids the
    ``_field.html`` partial renders.
    """

    def describe_fields(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}-help")
            if name in self.errors:
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self) -> None:
        super().full_clean()
        self.describe_fields()


class RegistrationForm(AccessibleFormMixin, forms.Form):
    """What an attendee gives to register; ``website`` is a honeypot for bots."""

    name = forms.CharField(
        label=_("Name"),
        max_length=MAX_NAME_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=MAX_EMAIL_LENGTH,
        help_text=_("We send your confirmation and the link to cancel to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=MAX_ORGANISATION_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    sector = forms.ChoiceField(
        label=_("Sector you work in"),
        choices=Sector.choices,
        widget=forms.RadioSelect,
    )
    remarks = forms.CharField(
        label=_("Remarks (optional)"),
        max_length=MAX_REMARKS_LENGTH,
        required=False,
        help_text=_("For example accessibility needs or a diet."),
        widget=forms.Textarea(attrs={"rows": 3}),
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
        self.fields["name"].error_messages["required"] = _("Please give your name.")
        self.fields["email"].error_messages["required"] = _("Please give your e-mail address.")
        self.fields["sector"].error_messages["required"] = _("Choose a sector.")
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _("Leave the field “website” empty, please."), code="honeypot"
            )
        return ""

    @property
    def is_bot(self) -> bool:
        return "website" in self.errors

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


class CancelRegistrationForm(forms.Form):
    """The second step of cancelling: an explicit yes, posted with the CSRF token."""

    confirm = forms.BooleanField(
        required=True,
        widget=forms.HiddenInput,
        initial=True,
        error_messages={"required": _("Confirm that you want to cancel.")},
    )


class When:
    UPCOMING = "upcoming"
    PAST = "past"


WHEN_CHOICES = [(When.UPCOMING, _("upcoming")), (When.PAST, _("earlier"))]
ONLINE = "online"


class ListFilterForm(AccessibleFormMixin, forms.Form):
    """Filters of the tour and meetings lists, all optional, validated.

    A value that is not a choice (a stale bookmark, a typed URL) makes the
    form invalid; the view then shows the full list with the message.
    """

    province = forms.ChoiceField(label=_("Province"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    kind = forms.ChoiceField(label=_("Kind of venue"), required=False)
    when = forms.ChoiceField(
        label=_("When"), required=False, choices=WHEN_CHOICES, initial=When.UPCOMING
    )

    def __init__(self, data, *, cities: list[str], online: bool = False):
        # A search form: every key is optional and an empty value means "any".
        super().__init__({k: v for k, v in data.items() if v} if data else None)
        any_choice = [("", _("any"))]
        self.fields["province"].choices = any_choice + list(Province.choices)
        self.fields["city"].choices = any_choice + [(city, city) for city in cities]
        kinds = list(VenueKind.choices)
        if online:
            kinds.append((ONLINE, _("online")))
        self.fields["kind"].choices = any_choice + kinds
        self.fields["when"].choices = WHEN_CHOICES

    @property
    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters (empty when the form is invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v and k != "when"}

    @property
    def period(self) -> str:
        """``When.UPCOMING`` or ``When.PAST``."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("when"):
            return self.cleaned_data["when"]
        return When.UPCOMING
