"""The organisers' message to everyone registered for a meeting."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class OrganiserMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text=_("Plain text. Each registrant gets it with a greeting and the meeting details."),
    )
    include_waitlist = forms.BooleanField(
        label=_("Also send it to the people on the waiting list"), required=False
    )
    # Made when the form is first shown: sending the same form twice queues once.
    message_id = forms.UUIDField(widget=forms.HiddenInput)

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise ValidationError(_("The subject must be a single line."), code="multiline")
        return subject.strip()
