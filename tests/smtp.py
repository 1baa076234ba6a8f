"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps the messages it receives."""

import asyncio
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    """aiosmtpd cannot listen on port 0, so find a free port first."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def text_of(message: EmailMessage) -> str:
    """The plain-text part of a message (every message also has an HTML part)."""
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address == self.sink.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.sink.delay:
            await asyncio.sleep(self.sink.delay)  # a slow mail server: a batch takes a while
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.sink.add(message)
        return "250 Message accepted"


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self._messages: list[EmailMessage] = []
        self._lock = threading.Lock()
        self.refused: str | None = None  # an address this server answers with a 5xx
        self.delay = 0.0  # seconds before each message is accepted
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self):
        self._controller.start()

    def stop(self):
        self._controller.stop()

    def add(self, message: EmailMessage) -> None:
        with self._lock:
            self._messages.append(message)

    def refuse(self, address: str | None) -> None:
        self.refused = address

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._messages)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def last_body(self, address: str) -> str:
        found = self.to(address)
        assert found, f"no mail to {address}; got {[m['To'] for m in self.messages]}"
        return text_of(found[-1])
