"""E-mail backends standing in for slow mail servers in tests."""

from __future__ import annotations

import uuid

from django.core.mail.backends.locmem import EmailBackend

from notifications.models import Notification


class TakenOverWhileSending(EmailBackend):
    """Sends, but meanwhile another worker took the rows over as abandoned (a new claim)."""

    def send_messages(self, messages):
        Notification.objects.filter(status="sending").update(claim_token=uuid.uuid4())
        return super().send_messages(messages)
