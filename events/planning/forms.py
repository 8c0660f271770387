"""Forms of the organiser pages: parse and validate the query string, nothing more."""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from venues.models import Venue

from ..models import ExhibitionKit, ExhibitionStop
from .windows import MAX_WEEKS

FIRST_YEAR, LAST_YEAR = 2000, 2100


class TimelineForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )


class FreeWindowsForm(forms.Form):
    venue = forms.ModelChoiceField(
        label=_("Venue"), queryset=Venue.objects.order_by("city", "name")
    )
    weeks = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=MAX_WEEKS, initial=4)
    after = forms.DateField(
        label=_("From"),
        help_text=_("Set up on this day or later."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    kit = forms.ModelChoiceField(
        label=_("Kit"),
        queryset=ExhibitionKit.objects.none(),
        required=False,
        empty_label=_("any kit"),
    )
    limit = forms.IntegerField(label=_("How many"), min_value=1, max_value=20, initial=5)

    def __init__(self, *args, kits: QuerySet[ExhibitionKit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kit"].queryset = kits


class ClashCheckForm(forms.Form):
    """Where and when a stop would be: the dates as the admin's change form holds them."""

    stop = forms.ModelChoiceField(
        queryset=ExhibitionStop.objects.none(), required=False, widget=forms.HiddenInput
    )
    kit = forms.ModelChoiceField(label=_("Kit"), queryset=ExhibitionKit.objects.none())
    venue = forms.ModelChoiceField(
        label=_("Venue"), queryset=Venue.objects.order_by("city", "name")
    )
    setup_on = forms.DateField(label=_("Setup day"))
    opens_on = forms.DateField(label=_("First day open"))
    closes_on = forms.DateField(label=_("Last day open"))
    teardown_on = forms.DateField(label=_("Teardown day"))

    def __init__(
        self, *args, kits: QuerySet[ExhibitionKit], stops: QuerySet[ExhibitionStop], **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["kit"].queryset = kits
        self.fields["stop"].queryset = stops

    def clean(self):
        cleaned = super().clean()
        days: list[date | None] = [
            cleaned.get(name) for name in ("setup_on", "opens_on", "closes_on", "teardown_on")
        ]
        setup_on, opens_on, closes_on, teardown_on = days
        if setup_on and opens_on and setup_on > opens_on:
            self.add_error("setup_on", _("The setup day cannot be after the first day open."))
        if opens_on and closes_on and opens_on > closes_on:
            self.add_error("closes_on", _("The last day open cannot be before the first."))
        if closes_on and teardown_on and closes_on > teardown_on:
            self.add_error("teardown_on", _("The teardown day cannot be before the last day open."))
        return cleaned
