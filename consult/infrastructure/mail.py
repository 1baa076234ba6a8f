"""Outgoing mail: composing one message (plain text and HTML) and handing a batch to the mail
server (MAIL_SERVER over SMTP, otherwise .eml files in instance/outbox).

Sending is the worker's job (consult/tasks): a page only writes a row (infrastructure/outbox.py).
Each outcome says whether to try again: the server unreachable or a 4xx reply may pass; a 5xx
reply for an address will not.
"""

import logging
import secrets
import smtplib
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from email.charset import Charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr, formatdate
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, render_template

from ..domain.notifications import permanent
from ..i18n import html_lang
from . import identity

log = logging.getLogger(__name__)
SENT, RETRY, FAILED = "sent", "retry", "failed"
# SMTP's line ends (smtplib sends bytes as given); headers unfolded up to RFC 5322's 998, so a
# List-Unsubscribe address stays on its header's line for every mail program
_WIRE = compat32.clone(linesep="\r\n", max_line_length=998)
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = None  # 8bit: the text stays readable (links whole) in an .eml file


@dataclass(frozen=True)
class Outcome:
    result: str  # SENT, RETRY or FAILED
    detail: str = ""


class ServerUnavailable(Exception):
    """The mail server could not be reached or dropped the connection: try the rest later."""


def message_id(mail_id: int) -> str:
    """The same on every try of one mail, and never the same for two mails of two installs."""
    base = current_app.config["CONSULT_BASE_URL"]
    domain = urlsplit(base).hostname if base else "consult.localhost"
    return f"<{mail_id}.{identity.keyed_hash('message-id', str(mail_id))[:16]}@{domain}>"


def compose(*, mail_id: int, to: str, subject: str, template: str, context: dict,
            unsubscribe_url: str | None = None) -> Message:
    """A message with a text part and an accessible HTML part, from the council, with RFC 8058
    one-click unsubscribe headers when it is mail people chose to get. Built with the email
    package's compat32 classes: a quarter of the cost of EmailMessage's, at fan-out volumes."""
    config = current_app.config
    context = {**context, "subject": subject, "unsubscribe_url": unsubscribe_url}
    # a random boundary given, not searched for in the body (the generator's own way is slow)
    message = MIMEMultipart("alternative", boundary=f"=_consult_{secrets.token_hex(16)}")
    message["From"] = formataddr((config["CONSULT_COUNCIL_NAME"], config["MAIL_DEFAULT_SENDER"]),
                                 charset="utf-8")
    message["To"] = to
    message["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(mail_id)
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = html_lang()
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    for subtype in ("plain", "html"):
        suffix = "txt" if subtype == "plain" else "html"
        body = render_template(f"mail/{template}.{suffix}", **context)
        message.attach(MIMEText(body, subtype, _UTF8))
    return message


class _Outbox:
    """Mail as .eml files, when no MAIL_SERVER is set (a demo, a developer's machine)."""

    def sendmail(self, sender: str, recipients: list[str], data: bytes) -> None:
        folder = Path(current_app.config["INSTANCE_PATH"]) / "outbox"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{uuid.uuid4().hex}.eml"
        path.write_bytes(data)
        log.warning("Mail written to %s", path)  # not the address: logs hold no personal data


@contextmanager
def connection():
    """One connection for a batch; ServerUnavailable if it cannot be opened."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        yield _Outbox()
        return
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        smtp = smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15)
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except (OSError, smtplib.SMTPException) as exc:
        raise ServerUnavailable(_describe(exc)) from exc
    try:
        yield smtp
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _describe(exc: Exception) -> str:
    code = getattr(exc, "smtp_code", None)
    text = getattr(exc, "smtp_error", b"") or str(exc).encode()
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return (f"{code} " if code else "") + f"{type(exc).__name__}: {text}"[:280]


def deliver(server, message: Message) -> Outcome:
    """Hand one message over; ServerUnavailable when the connection is gone."""
    try:
        server.sendmail(current_app.config["MAIL_DEFAULT_SENDER"], [message["To"]],
                        message.as_bytes(policy=_WIRE))
    except smtplib.SMTPRecipientsRefused as exc:
        code, _ = next(iter(exc.recipients.values()))
        return Outcome(FAILED if permanent(code) else RETRY, _describe(exc))
    except smtplib.SMTPServerDisconnected as exc:
        raise ServerUnavailable(_describe(exc)) from exc
    except smtplib.SMTPResponseException as exc:
        return Outcome(FAILED if permanent(exc.smtp_code) else RETRY, _describe(exc))
    except (OSError, smtplib.SMTPException) as exc:
        raise ServerUnavailable(_describe(exc)) from exc
    return Outcome(SENT)
