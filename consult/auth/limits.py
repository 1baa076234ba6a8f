"""Rate limits for signing in: per client address, and per account however it is spelt."""

from flask import current_app, request, session
from flask_login import current_user

from ..domain import emails

# Two-factor codes and "Confirm it's you" attempts, per account.
CODE_LIMIT = "5 per minute;20 per hour"
PENDING_SIGN_IN = "two_factor_pending"


def login_limit() -> str:
    """Per client address (CONSULT_LOGIN_LIMIT)."""
    return current_app.config["CONSULT_LOGIN_LIMIT"]


def account_limit() -> str:
    """Per account, whichever addresses the attempts come from (CONSULT_LOGIN_ACCOUNT_LIMIT)."""
    return current_app.config["CONSULT_LOGIN_ACCOUNT_LIMIT"]


def email_key() -> str:
    """The account an attempt is against: variants of one mailbox share a count."""
    return "account:" + emails.normalise(request.form.get("email", ""))[:254]


def pending_key() -> str:
    """The account waiting for its two-factor code in this session."""
    pending = session.get(PENDING_SIGN_IN)
    uid = pending.get("uid") if isinstance(pending, dict) else None
    return f"account-id:{uid}"


def user_key() -> str:
    """The signed-in account."""
    uid = current_user.get_id() if current_user.is_authenticated else None
    return f"account-id:{str(uid).partition('.')[0]}"
