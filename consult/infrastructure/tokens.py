"""Signed, expiring tokens for email verification and password reset links.

A token names its purpose (the salt), the account, the address it was sent to and a
fingerprint of the account's password hash: it works for one purpose, one account, until it
expires, and stops working once the password changes (a reset changes it: single use).
A token's age is measured by the service clock (consult/clock.py), like every other time.
"""

import hashlib

from flask import current_app
from itsdangerous import (
    BadSignature,
    SignatureExpired,
    TimestampSigner,
    URLSafeSerializer,
    URLSafeTimedSerializer,
)

from .. import clock
from ..domain.errors import InvalidToken
from ..domain.i18n import N_
from ..models import User, db

VERIFY = "consult-verify-email"
RESET = "consult-reset-password"


class ClockSigner(TimestampSigner):
    """Stamps and ages tokens by the service clock rather than by time.time()."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose,
                                  signer=ClockSigner)


def fingerprint(value: str) -> str:
    """A short digest that changes when the value changes (used to make tokens single-use)."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:20]


def bound_to(user: User) -> dict:
    """The payload that ties a token to this account as it is now."""
    return {"uid": user.id, "email": user.email_normalised,
            "pw": fingerprint(user.password_hash)}


def make(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read(purpose: str, token: str) -> dict:
    """Return the payload of a genuine, unexpired token; raise InvalidToken otherwise."""
    max_age = current_app.config["CONSULT_TOKEN_MAX_AGE"]
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise InvalidToken(N_("This link has expired. Ask for a new one.")) from exc
    except BadSignature as exc:
        raise InvalidToken(N_("This link is not valid. Check you copied it in full.")) from exc
    if not isinstance(payload, dict):
        raise InvalidToken(N_("This link is not valid. Check you copied it in full."))
    return payload


def user_for(purpose: str, token: str) -> User | None:
    """The account a genuine token is for, if it still is as it was when the token was made."""
    payload = read(purpose, token)
    uid = payload.get("uid")
    user = db.session.get(User, uid) if type(uid) is int else None
    if user is None or bound_to(user) != payload:
        return None
    return user


# Links in notification mail: they name the follows (and, for an officer, the work digest) a
# mail was sent for, each with its own random secret. They do not expire, so "unsubscribe"
# works in a year-old mail; a follow removed and made again has a new secret, so an old link
# can never reach it, nor anyone else's.
FOLLOWS = "consult-follows"
CONFIRM_FOLLOW = "consult-confirm-follow"
INVALID_LINK = N_("This link is not valid. Check you copied it in full.")


def follows_token(follows: list[tuple[int, str]], work: tuple[int, str] | None = None) -> str:
    payload = {"s": [[follow_id, secret] for follow_id, secret in follows]}
    if work is not None:
        payload["w"] = list(work)
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=FOLLOWS).dumps(payload)


def read_follows_token(token: str) -> tuple[list[tuple[int, str]], tuple[int, str] | None]:
    """The (follow id, secret) pairs a link names, and the officer (id, fingerprint) if any."""
    try:
        payload = URLSafeSerializer(current_app.config["SECRET_KEY"],
                                    salt=FOLLOWS).loads(token)
        follows = [(int(pair[0]), str(pair[1])) for pair in payload["s"]]
        work = payload.get("w")
        work = (int(work[0]), str(work[1])) if work else None
    except (BadSignature, KeyError, TypeError, ValueError, IndexError) as exc:
        raise InvalidToken(INVALID_LINK) from exc
    return follows, work
