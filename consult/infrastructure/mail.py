"""Outgoing mail: real SMTP when MAIL_SERVER is set, otherwise .eml files in instance/outbox."""

import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template

log = logging.getLogger(__name__)


def build_message(to: str, subject: str, template: str, **context) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="consult.local")
    message.set_content(render_template(f"mail/{template}.txt", **context))
    return message


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _write_outbox(message: EmailMessage) -> Path:
    outbox = Path(current_app.config["INSTANCE_PATH"]) / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{uuid.uuid4().hex}.eml"
    path.write_bytes(bytes(message))
    log.warning("Mail written to %s", path)  # not the address: logs hold no personal data
    return path


def send(to: str, subject: str, template: str, **context) -> bool:
    """Send one message; report failure in the log and return False rather than raise."""
    message = build_message(to, subject, template, **context)
    try:
        if current_app.config["MAIL_SERVER"]:
            _send_smtp(message)
        else:
            _write_outbox(message)
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send mail '%s'", subject)
        return False
    return True
