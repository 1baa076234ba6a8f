"""CSRF: a token from another session or a tampered one is refused; no GET changes anything."""

import re
from urllib.parse import urlsplit

import pytest
from flask import url_for

from consult.models import User, db
from tests.conftest import csrf_token, submit
from tests.factories import (
    PASSWORD,
)
from tests.integration.policy import ROLES, SAMPLE_VALUES
from tests.integration.test_csrf import ONE_CLICK
from tests.security.conftest import audit_head, table_counts


def _post_rules(app):
    """Every POST route but RFC 8058 one-click unsubscribe (tests/integration/test_csrf.py)."""
    return sorted((rule for rule in app.url_map.iter_rules()
                   if "POST" in rule.methods and rule.endpoint not in ONE_CLICK),
                  key=lambda rule: rule.endpoint)


def _url(app, rule, user_id: int) -> str:
    values = {arg: SAMPLE_VALUES.get(arg, 1) for arg in rule.arguments}
    if "user_id" in rule.arguments:
        values["user_id"] = user_id
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def _tampered(token: str) -> str:
    # Change the signature's first character: all six of its bits are signature bits (the
    # last character's low bits are base64 padding, so changing it can leave it valid).
    head, _, signature = token.rpartition(".")
    flipped = "A" if signature[0] != "A" else "B"
    return f"{head}.{flipped}{signature[1:]}"


@pytest.mark.parametrize("source", ["another session", "tampered signature",
                                    "signed for another key"])
def test_every_post_route_refuses_a_token_that_is_not_this_sessions(app, site, signed_in,
                                                                     source):
    admin = signed_in("admin")
    if source == "another session":
        token = csrf_token(app.test_client())
    elif source == "tampered signature":
        token = _tampered(csrf_token(admin))
    else:
        from itsdangerous import URLSafeTimedSerializer

        token = URLSafeTimedSerializer("another key", salt="wtf-csrf-token").dumps("x" * 40)
    before, head = table_counts(), audit_head()
    for rule in _post_rules(app):
        response = admin.post(_url(app, rule, admin.user.id), data={
            "csrf_token": token, "role": "officer", "body": "Hello", "email": admin.user.email,
            "password": PASSWORD})
        assert response.status_code == 400, f"{rule.endpoint} answered {response.status_code}"
        assert "could not be sent" in response.get_data(as_text=True), rule.endpoint
    assert (table_counts(), audit_head()) == (before, head)
    assert admin.get("/account").status_code == 200


def test_a_token_in_a_header_from_another_session_is_refused(app, site, signed_in):
    resident = signed_in("resident")
    path = "/consultations/1"
    response = resident.post(f"{path}/comments", data={"body": "Hi"},
                             headers={"X-CSRFToken": csrf_token(app.test_client())})
    assert response.status_code == 400


def test_the_right_token_is_accepted_so_the_refusals_mean_something(app, site, signed_in):
    resident = signed_in("resident")
    before = table_counts()
    response = submit(resident, "/consultations/1/comments", {"body": "Hello"},
                      token_from="/consultations/1")
    assert response.status_code == 302
    assert table_counts()["comments"] == before["comments"] + 1


def _get_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]


@pytest.mark.parametrize("role", ROLES)
def test_no_get_request_changes_anything_for_any_role(app, site, signed_in, role):
    client = app.test_client() if role == "anonymous" else signed_in(role)
    user_id = getattr(getattr(client, "user", None), "id", 1)
    before, head = table_counts(), audit_head()
    answered = set()
    for rule in _get_rules(app):
        response = client.get(_url(app, rule, user_id))
        response.close()  # a streamed download holds its request context until closed
        assert response.status_code < 500, f"{rule.endpoint}: {response.status_code}"
        answered.add(response.status_code)
    assert 200 in answered
    assert (table_counts(), audit_head()) == (before, head)


def test_opening_the_confirmation_link_does_not_confirm(app, mailbox):
    client = app.test_client()
    submit(client, "/register", {"display_name": "Ada", "email": "ada@example.org",
                                 "password": PASSWORD, "confirm": PASSWORD})
    link = re.search(r"https?://\S+", mailbox.last_body("ada@example.org")).group(0)
    before, head = table_counts(), audit_head()
    assert app.test_client().get(urlsplit(link).path).status_code == 200
    assert (table_counts(), audit_head()) == (before, head)
    db.session.expire_all()
    assert not db.session.query(User).filter_by(email="ada@example.org").one().is_verified
