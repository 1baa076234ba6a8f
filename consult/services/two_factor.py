"""Optional two-factor sign-in for staff: TOTP codes (RFC 6238) from an authenticator app.

The secret is stored as plain base32 on the account (see the README). A code is accepted for
the current 30-second step or one step either side, and each step only once.
"""

from datetime import datetime

import pyotp

from ..domain.errors import WrongCode, WrongPassword
from ..domain.i18n import N_
from ..infrastructure import passwords
from ..infrastructure.unit_of_work import load, use_case
from ..models import User
from . import audit_log

STEP_SECONDS = 30
DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()


def setup_uri(secret: str, account_name: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads (as text or from a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=account_name, issuer_name=issuer)


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step the code belongs to (now, or one step either side), or None."""
    code = "".join(code.split())
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current, current - DRIFT_STEPS, current + DRIFT_STEPS):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def _use_code(user: User, secret: str, code: str, now: datetime) -> None:
    step = matching_step(secret, code, now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        raise WrongCode(N_("Enter the 6-digit code your authenticator app shows now"),
                        field="code")
    user.totp_last_step = step


@use_case
def check_code(*, user_id: int, code: str, now: datetime) -> User:
    """Accept a current code once; a used, old or wrong code raises WrongCode."""
    user = load(User, user_id)
    _use_code(user, user.totp_secret or "", code, now)
    return user


@use_case
def enable(*, user_id: int, secret: str, code: str, now: datetime) -> User:
    """Turn two-factor sign-in on, once the person shows a code made from the new secret."""
    user = load(User, user_id)
    user.totp_last_step = None
    _use_code(user, secret, code, now)
    user.totp_secret = secret
    user.session_version += 1  # other sessions signed in without the second step end
    audit_log.append(actor=user, action="account.two_factor_enabled",
                     subject=audit_log.account_subject(user),
                     details={}, now=now)
    return user


@use_case
def disable(*, user_id: int, password: str, code: str, now: datetime) -> User:
    """Turn two-factor sign-in off: needs the password and a current code."""
    user = load(User, user_id)
    if not passwords.check_password(user.password_hash, password):
        raise WrongPassword(N_("Your password is not right"), field="password")
    _use_code(user, user.totp_secret or "", code, now)
    user.totp_secret = None
    user.totp_last_step = None
    audit_log.append(actor=user, action="account.two_factor_disabled",
                     subject=audit_log.account_subject(user), details={}, now=now)
    return user


@use_case
def confirm_identity(*, user_id: int, password: str, code: str | None, now: datetime) -> User:
    """"Confirm it's you": the password, and a current code when two-factor sign-in is on."""
    user = load(User, user_id)
    if not passwords.check_password(user.password_hash, password):
        raise WrongPassword(N_("Your password is not right"), field="password")
    if user.has_two_factor:
        _use_code(user, user.totp_secret, code or "", now)
    return user
