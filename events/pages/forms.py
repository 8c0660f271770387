"""Forms of the public pages: the filters of the tour and meetings lists.

``AccessibleFormMixin`` is shared with the registration form
(``events.registrations.forms``): every public form links its fields to their
help and error texts in the same way.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from venues.models import Province, VenueKind


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
