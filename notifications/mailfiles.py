"""E-mail as files, one ``.eml`` per message: the embedded default's mailbox (``var/mail/``).

Django's file backend appends every message of one connection to one ``.log``
file, so a batch of twenty messages lands in one file and your own e-mail is
hard to find. Here each message is its own file, named by the moment it was
written and its recipient (``20261202-101503-123456-anna@example.org.eml``),
which any mail program opens. Each file is written under a temporary name
and renamed, so a reader never sees half a message.
"""

from __future__ import annotations

import os
import re
from email.utils import parseaddr
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

UNSAFE_IN_FILE_NAMES = re.compile(r"[^A-Za-z0-9@._+-]")


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, *args, file_path: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        written = 0
        for message in email_messages:
            if not message.recipients():
                continue
            recipient = parseaddr(message.recipients()[0])[1] or "unknown"
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{UNSAFE_IN_FILE_NAMES.sub('_', recipient)}"
            path = self.folder / f"{name[:150]}.eml"
            partial = path.with_name(path.name + ".part")
            partial.write_bytes(message.message().as_bytes(linesep="\r\n"))
            os.replace(partial, path)
            written += 1
        return written
