"""Signed-in sessions for the submission scenarios, one per request, with real CSRF tokens.

One resident signs in through the real form (GET /sign-in, POST with its CSRF token and
password); the session that sign-in produced is the template. Each minted session is that
template for another resident (the account's own session id), signed with the app's session
serializer, with a fresh CSRF token from Flask-WTF: what the real sign-in would have given each
of them, without `count` argon2 verifications.
"""

import re

import sqlalchemy as sa
from flask import Flask, session
from flask_wtf.csrf import generate_csrf

from consult import clock
from consult.models import User, db
from tests.factories import make_user

from . import seed

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TEMPLATE_EMAIL = "bench-template@example.org"


def _template_hash() -> str:
    """The template resident's password hash (made on first use): every minted one shares it."""
    found = db.session.scalar(sa.select(User.password_hash).where(User.email == TEMPLATE_EMAIL))
    if found is None:
        found = make_user(email=TEMPLATE_EMAIL, display_name="Template",
                          password=seed.PASSWORD).password_hash
    return found


def _signed_in_template(app: Flask) -> dict:
    with app.app_context():
        _template_hash()
        db.session.remove()
    client = app.test_client()
    page = client.get("/sign-in", base_url="https://127.0.0.1").get_data(as_text=True)
    answer = client.post("/sign-in", base_url="https://127.0.0.1",
                         headers={"Referer": "https://127.0.0.1/sign-in"}, data={
        "csrf_token": _TOKEN.search(page).group(1), "email": TEMPLATE_EMAIL,
        "password": seed.PASSWORD})
    if answer.status_code != 302:
        raise RuntimeError(f"the template sign-in failed: {answer.status_code}")
    cookie = client.get_cookie("session", domain="127.0.0.1")
    serializer = app.session_interface.get_signing_serializer(app)
    template = serializer.loads(cookie.value)
    template.pop("csrf_token", None)
    return template


def _users(user_ids: list[int]) -> list[User]:
    """The accounts, in the order given (detached: only their id and hash are read)."""
    found = {}
    for offset in range(0, len(user_ids), 5000):
        chunk = user_ids[offset:offset + 5000]
        found.update((user.id, user) for user in db.session.scalars(
            sa.select(User).where(User.id.in_(chunk))))
    return [found[user_id] for user_id in user_ids]


def sign(app: Flask, user_ids: list[int]) -> list[tuple[str, str]]:
    """(session cookie, CSRF token) for each existing resident, in the order given."""
    template = _signed_in_template(app)
    serializer = app.session_interface.get_signing_serializer(app)
    with app.app_context():
        accounts = [user.get_id() for user in _users(user_ids)]
        db.session.remove()
    minted = []
    for account in accounts:
        with app.test_request_context():  # its own app context: a new CSRF token each time
            session.update(template)
            session["_user_id"] = account
            token = generate_csrf()
            minted.append((serializer.dumps(dict(session)), token))
    return minted


def new_residents(app: Flask, count: int) -> list[int]:
    """`count` new verified residents who have not responded to anything."""
    with app.app_context():
        password_hash = _template_hash()
        with db.engine.begin() as connection:
            ids = seed.insert_residents(connection, count, password_hash, clock.now())
            seed.fix_sequences(connection)
        db.session.remove()
    return ids


def responded(app: Flask, proposal_id: int, count: int, *, other_than: int,
              skip: int = 0) -> list[int]:
    """`count` seeded residents who already responded to the proposal with an option other than
    `other_than`, so that choosing it is a real change (a change that changes nothing is refused
    and stores no new version)."""
    with app.app_context():
        ids = list(db.session.scalars(
            sa.text("SELECT user_id FROM responses WHERE proposal_id = :p AND option_id != :o "
                    "ORDER BY id LIMIT :n OFFSET :s"),
            {"p": proposal_id, "o": other_than, "n": count, "s": skip}))
        db.session.remove()
    return ids
