"""Every POST route refuses a missing or wrong CSRF token, and no GET changes anything."""

import pytest
import sqlalchemy as sa
from flask import url_for

from consult.models import AuditEntry, LinkEvent, TwinLink, User, db
from tests.conftest import sign_in
from tests.factories import PASSWORD, make_link, make_user
from tests.integration.policy import SAMPLE_VALUES

# RFC 8058 one-click unsubscribe: a mail program POSTs with no page and no token first; the
# signed link is the authority (tests/integration/test_notifications_follow.py checks it).
ONE_CLICK = {"public.unsubscribe"}


def _post_rules(app):
    return sorted((rule for rule in app.url_map.iter_rules()
                   if "POST" in rule.methods and rule.endpoint not in ONE_CLICK),
                  key=lambda rule: rule.endpoint)


def _counts():
    db.session.expire_all()
    return [db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (AuditEntry, LinkEvent, TwinLink, User)]


@pytest.fixture
def admin_client(app):
    make_link(partner_name="Volgograd", country="Russia")
    admin = make_user(role="admin")
    client = app.test_client()
    sign_in(client, admin.email, PASSWORD)
    client.user = admin
    return client


def _url(app, rule, user_id):
    values = {arg: SAMPLE_VALUES.get(arg) for arg in rule.arguments}
    if "user_id" in rule.arguments:
        values["user_id"] = user_id
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def test_there_are_post_routes_to_check(app):
    assert len(_post_rules(app)) >= 10


@pytest.mark.parametrize("token", [None, "forged-token", ""])
def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(app, admin_client, token):
    before = _counts()
    for rule in _post_rules(app):
        data = {"role": "officer", "partner_name": "Nowhere", "country": "Nowhere",
                "email": admin_client.user.email, "password": PASSWORD}
        if token is not None:
            data["csrf_token"] = token
        response = admin_client.post(_url(app, rule, admin_client.user.id), data=data)
        assert response.status_code == 400, f"{rule.endpoint} answered {response.status_code}"
        assert "could not be sent" in response.get_data(as_text=True)
    assert _counts() == before
    assert admin_client.get("/account").status_code == 200  # sign-out did not happen either


def test_no_get_request_changes_anything(app, admin_client):
    before = _counts()
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods:
            admin_client.get(_url(app, rule, admin_client.user.id))
    assert _counts() == before
