"""Keyed hashes (HMAC-SHA256 with the server's SECRET_KEY): the one place they are made.

A person is one mailbox, not one account row: `mailbox_identity` names the mailbox an address
reaches (domain/emails.py) without keeping the address, so it can stay on a response or a
report after the account is erased, and a new account at the same mailbox is the same person.
Without the key nobody can tell whose mailbox a hash names, nor compute one from an address.
"""

import hashlib
import hmac

from flask import current_app

from ..domain import emails

MAILBOX = "mailbox"  # the purpose of a mailbox identity; migration 0010 computes the same


def keyed_hash(purpose: str, text: str) -> str:
    """HMAC-SHA256 of `purpose:text` under the secret key, in hex; one purpose per use."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}:{text}".encode(), hashlib.sha256).hexdigest()


def mailbox_identity(address: str) -> str:
    """Who an address belongs to, for one-person-one-response and one-report-per-person."""
    return keyed_hash(MAILBOX, emails.normalise(address))


def of(user) -> str:
    """The mailbox identity of an account, from its stored address."""
    return mailbox_identity(user.email)


def draw(purpose: str, text: str) -> int:
    """A number that says nothing about `text` to anyone without the key (lanes, lock keys)."""
    return int(keyed_hash(purpose, text)[:15], 16)


def account_subject(user_id: int) -> str:
    """How the public audit log names an account: a keyed pseudonym, never the account id, so
    nobody can join an account's entries to anything else that carries its id."""
    return f"account:{keyed_hash('account', str(user_id))[:20]}"
