"""The embedded default's mailbox: one .eml file per message, named by time and recipient."""

from __future__ import annotations

from email import message_from_bytes, policy

from django.core.mail import EmailMessage, get_connection

from notifications.mailfiles import EmlFileBackend


def test_each_message_is_its_own_file_that_a_mail_program_opens(tmp_path):
    connection = get_connection(
        "notifications.mailfiles.EmlFileBackend", file_path=str(tmp_path / "mail")
    )
    messages = [
        EmailMessage("Bevestiging", "Tot dan.", to=["Anna de Vries <anna@example.org>"]),
        EmailMessage("Wachtlijst", "U staat op de wachtlijst.", to=["bram@example.org"]),
    ]

    assert connection.send_messages(messages) == 2

    files = sorted((tmp_path / "mail").iterdir())
    assert [path.suffix for path in files] == [".eml", ".eml"]
    assert files[0].name.endswith("-anna@example.org.eml")
    assert files[1].name.endswith("-bram@example.org.eml")
    opened = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert opened["Subject"] == "Bevestiging"
    assert opened.get_content().strip() == "Tot dan."


def test_a_recipient_cannot_steer_the_file_name(tmp_path):
    backend = EmlFileBackend(file_path=str(tmp_path))
    backend.send_messages([EmailMessage("x", "y", to=["../../etc/passwd@example.org"])])

    (written,) = tmp_path.iterdir()
    assert written.parent == tmp_path
    assert "/" not in written.name
