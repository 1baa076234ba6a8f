"""Helpers for the account and session tests: cookie copies, a movable clock, TOTP codes."""

import re
from datetime import UTC, datetime, timedelta

import pyotp
import sqlalchemy as sa

from consult import clock
from consult.models import AuditEntry, User, db
from tests.conftest import submit


def copy_session(source, target) -> None:
    """Give `target` the same session cookie as `source`, as a thief with a copy would."""
    cookie = source.get_cookie("session")
    assert cookie is not None, "the source client has no session cookie"
    target.set_cookie("session", cookie.value)


def session_user_id(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def is_signed_in(client) -> bool:
    """Whether the account page opens (it sends anonymous people to sign in)."""
    return client.get("/account").status_code == 200


def fresh_user(user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def audit_actions(subject: str) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.subject == subject).order_by(AuditEntry.seq)))


def same_page(html: str, *swaps: tuple[str, str]) -> str:
    """A page without what differs per request: the CSRF token and the CSP nonce."""
    html = re.sub(r'nonce="[^"]+"', 'nonce=""', html)
    html = re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1"', html)
    html = re.sub(r'(value=")[^"]+("[^>]*name="csrf_token")', r'\1\2', html)
    for old, new in swaps:
        html = html.replace(old, new)
    return html


class MovableClock:
    """consult.clock.now, moved forward by the test (the web layer reads time only there)."""

    def __init__(self):
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def move(self, **delta) -> None:
        self.offset += timedelta(**delta)


def install_movable_clock(monkeypatch) -> MovableClock:
    """Replace consult.clock.now for this test (undone by monkeypatch)."""
    movable = MovableClock()
    monkeypatch.setattr(clock, "now", movable.now)
    return movable


def code_for(secret: str, when: datetime, steps: int = 0) -> str:
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(totp.timecode(when) + steps)


def change_password(client, current: str, new: str):
    return submit(client, "/account/password", {"current_password": current, "password": new,
                                                "confirm": new})
