"""Signed, expiring tokens for email verification and password reset links."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..domain.errors import InvalidToken

VERIFY = "consult-verify-email"
RESET = "consult-reset-password"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def fingerprint(value: str) -> str:
    """A short digest that changes when the value changes (used to make tokens single-use)."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:20]


def make(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read(purpose: str, token: str) -> dict:
    """Return the payload of a genuine, unexpired token; raise InvalidToken otherwise."""
    max_age = current_app.config["CONSULT_TOKEN_MAX_AGE"]
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise InvalidToken("This link has expired. Ask for a new one.") from exc
    except BadSignature as exc:
        raise InvalidToken("This link is not valid. Check you copied it in full.") from exc
    if not isinstance(payload, dict):
        raise InvalidToken("This link is not valid. Check you copied it in full.")
    return payload
