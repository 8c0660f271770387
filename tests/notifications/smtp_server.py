"""A minimal SMTP server on localhost, to see how sends react to real SMTP replies.

It speaks just enough of RFC 5321 for ``smtplib`` and answers RCPT TO with the
reply it was given (250, a temporary 451 or a permanent 550).
"""

from __future__ import annotations

import socket
import threading


class TinySMTPServer:
    def __init__(self, rcpt_reply: str = "250 OK"):
        self.rcpt_reply = rcpt_reply
        self.messages: list[bytes] = []
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._socket.close()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            with connection:
                self._session(connection.makefile("rwb"))

    def _session(self, stream) -> None:
        def reply(line: str) -> None:
            stream.write(line.encode() + b"\r\n")
            stream.flush()

        reply("220 tiny ESMTP")
        while line := stream.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                reply("250 tiny")
            elif command.startswith("RCPT"):
                reply(self.rcpt_reply)
            elif command == "DATA":
                reply("354 go ahead")
                data = b""
                while (chunk := stream.readline()) != b".\r\n":
                    data += chunk
                self.messages.append(data)
                reply("250 queued")
            elif command == "QUIT":
                reply("221 bye")
                return
            else:  # MAIL, RSET, NOOP
                reply("250 OK")
