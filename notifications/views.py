"""The one public page of notifications: stopping the reminders of a registration."""

from __future__ import annotations

from django.core import signing
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from events.models import Registration

from . import links, outbox


# The signed token in the path is the credential, not a cookie, so there is no
# session a forged cross-site request could ride on; and mail clients' one-click
# "unsubscribe" (RFC 8058, the List-Unsubscribe-Post header) posts without one.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def stop_reminders(request, token: str):
    """GET asks for confirmation (link scanners only GET); POST stops the reminders."""
    try:
        registration_id = links.registration_id_from_token(token)
    except signing.SignatureExpired:
        # 410: the link was real but is past its age; asking again will not help.
        return render(request, "notifications/stop_reminders_expired.html", status=410)
    registration = (
        Registration.objects.select_related("meeting")
        .filter(pk=registration_id, anonymised_at__isnull=True)
        .first()
        if registration_id is not None
        else None
    )
    if registration is None:
        return render(request, "notifications/stop_reminders_invalid.html", status=404)
    stopped_now = False
    if request.method == "POST":
        outbox.stop_reminders(registration=registration)
        stopped_now = True
    return render(
        request,
        "notifications/stop_reminders.html",
        {
            "registration": registration,
            "meeting": registration.meeting,
            "stopped": registration.reminders_stopped_at is not None,
            "stopped_now": stopped_now,
        },
    )
