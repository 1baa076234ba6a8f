"""A local SMTP sink for the fan-out scenario: aiosmtpd in a process of its own, counting every
message by Message-ID and by recipient.

It runs in its own process so that parsing 100,000 messages neither shares a GIL with the
benchmark's sampling nor hides in its CPU time (its CPU time is reported). Only the headers'
Message-ID is read (a regex, not a MIME parse); the recipients are the envelope's.
"""

import multiprocessing
import re
import socket
from collections import Counter

MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(<[^>\r\n]*>)", re.MULTILINE | re.IGNORECASE)


def free_port() -> int:
    """aiosmtpd cannot listen on port 0, so find a free port first."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Counting:
    """Counts the mail to the expected recipients; any other mail (a seeded account's, say)
    only as a number."""

    def __init__(self, received, expected: set[str]):
        self.received, self.expected = received, expected  # received: shared with the parent
        self.other_messages = 0
        self.by_id: Counter = Counter()
        self.first_id: dict[str, str] = {}  # recipient -> the first Message-ID it got
        self.other_ids: dict[str, set[str]] = {}  # recipient -> any other Message-ID
        self.per_recipient: Counter = Counter()
        self.without_id = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        recipients = [recipient.lower() for recipient in envelope.rcpt_tos]
        if not any(recipient in self.expected for recipient in recipients):
            self.other_messages += 1
            return "250 Message accepted"
        head = envelope.content.split(b"\r\n\r\n", 1)[0]
        found = MESSAGE_ID.search(head)
        message_id = found.group(1).decode("ascii", "replace") if found else ""
        if not found:
            self.without_id += 1
        self.by_id[message_id] += 1
        for recipient in recipients:
            self.per_recipient[recipient] += 1
            first = self.first_id.setdefault(recipient, message_id)
            if first != message_id:
                self.other_ids.setdefault(recipient, set()).add(message_id)
        with self.received.get_lock():
            self.received.value += 1
        return "250 Message accepted"

    def summary(self) -> dict:
        messages = sum(self.by_id.values())
        received = set(self.per_recipient)
        missing = self.expected - received
        return {
            "messages": messages,
            "distinct_message_ids": len(self.by_id),
            # the same Message-ID again: a retry of one mail (allowed, counted)
            "resent_same_message_id": messages - len(self.by_id),
            "recipients": len(received),
            # a recipient with two different Message-IDs: a real duplicate (not allowed)
            "recipients_with_several_message_ids": len(self.other_ids),
            "recipients_with_more_than_one_message": sum(
                1 for n in self.per_recipient.values() if n > 1),
            "messages_without_message_id": self.without_id,
            "expected_recipients": len(self.expected),
            "missing": len(missing), "missing_examples": sorted(missing)[:5],
            "other_messages": self.other_messages,
        }


def _serve(port: int, expected: list[str], received, pipe) -> None:
    from aiosmtpd.controller import Controller

    handler = _Counting(received, {address.lower() for address in expected})
    controller = Controller(handler, hostname="127.0.0.1", port=port,
                            data_size_limit=10_000_000)
    controller.start()
    pipe.send("ready")
    pipe.recv()  # "stop"
    controller.stop()
    pipe.send(handler.summary())


class Sink:
    """Start, read the count while it runs, stop for the summary."""

    def __init__(self, expected: list[str]):
        self.port = free_port()
        context = multiprocessing.get_context("spawn")
        self.received = context.Value("q", 0)
        self._pipe, child = context.Pipe()
        self.process = context.Process(target=_serve, daemon=True,
                                       args=(self.port, expected, self.received, child))

    def start(self) -> "Sink":
        self.process.start()
        if not self._pipe.poll(60) or self._pipe.recv() != "ready":
            raise RuntimeError("The SMTP sink did not start")
        return self

    @property
    def count(self) -> int:
        """Messages to the expected recipients so far."""
        return self.received.value

    def stop(self) -> dict:
        self._pipe.send("stop")
        summary = self._pipe.recv() if self._pipe.poll(120) else {}
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()
        return summary
