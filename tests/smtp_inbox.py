"""A real SMTP server's mailbox for tests (aiosmtpd on 127.0.0.1): every message it accepts, parsed."""

from __future__ import annotations

import email
import socket
from email.message import Message
from typing import Any


class Inbox:
    """An aiosmtpd handler that keeps each message it accepts."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.original_content))
        return "250 OK"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
