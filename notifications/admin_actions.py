"""The admin action "Send a message to the registrants" of the meeting admin.

Three steps on one intermediate page, posted back to the changelist like
Django's own delete confirmation: write, preview (the e-mail as the first
recipient will get it, and how many get it), send (through
``outbox.queue_organiser_message``).
"""

from __future__ import annotations

import uuid

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import Meeting

from . import outbox, views
from .forms import OrganiserMessageForm
from .models import Notification, NotificationKind
from .rendering import render_parts


def preview(meeting: Meeting, *, subject: str, body: str, include_waitlist: bool) -> dict:
    """The message as its first recipient would get it, and who gets it, per language."""
    recipients = outbox.organiser_message_recipients(meeting, include_waitlist=include_waitlist)
    per_language = dict(recipients.order_by().values_list("language").annotate(count=Count("id")))
    first = recipients.first()
    result = {"recipient_count": sum(per_language.values()), "per_language": per_language}
    if first is not None:
        sample = Notification(
            kind=NotificationKind.ORGANISER_MESSAGE,
            recipient=first.email,
            language=first.language,
            series=meeting.series,
            meeting=meeting,
            registration=first,
            payload={"subject": subject, "body": body},
        )
        result["subject"], result["text"], result["html"] = render_parts(sample)
        result["sample_recipient"] = first
    return result


@admin.action(description=_("Send a message to the registrants"), permissions=["change"])
def message_registrants(modeladmin, request: HttpRequest, queryset: QuerySet[Meeting]):
    meetings = list(queryset.select_related("series", "venue")[:2])
    if len(meetings) != 1:
        modeladmin.message_user(
            request, _("Select one meeting to send a message about."), messages.WARNING
        )
        return None
    meeting = meetings[0]
    stage = request.POST.get("stage")  # None: first call from the changelist
    if stage is None:
        form = OrganiserMessageForm(initial={"message_id": uuid.uuid4()})
    else:
        form = OrganiserMessageForm(request.POST)
    valid = stage is not None and form.is_valid()
    if valid and stage == "send":
        data = form.cleaned_data
        count = outbox.queue_organiser_message(
            meeting=meeting,
            subject=data["subject"],
            body=data["body"],
            include_waitlist=data["include_waitlist"],
            message_id=str(data["message_id"]),
        )
        modeladmin.message_user(
            request,
            ngettext(
                "Your message is queued for %(count)d registrant.",
                "Your message is queued for %(count)d registrants.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        return None
    preview_data = None
    if valid and stage == "preview":
        data = form.cleaned_data
        preview_data = preview(
            meeting,
            subject=data["subject"],
            body=data["body"],
            include_waitlist=data["include_waitlist"],
        )
        if "html" in preview_data:
            # Shown in a frame of its own, under a policy that allows its inline styles.
            key = views.keep_message_preview(request, preview_data["html"])
            preview_data["html_url"] = reverse("notifications:message-preview", args=[key])
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Message to the registrants"),
        "opts": modeladmin.model._meta,
        "meeting": meeting,
        "form": form,
        "preview": preview_data,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "notifications/admin/message_registrants.html", context)
