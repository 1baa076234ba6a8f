"""The app starts on a migrated database and serves the register."""

from tests.conftest import sign_in
from tests.factories import PASSWORD, make_user


def test_healthz_reports_the_database_as_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"]["status"] == "ok"


def test_demo_register_lists_all_26_coventry_links(client, demo):
    html = client.get("/links").get_data(as_text=True)
    assert "26 links found." in html
    assert "Volgograd" in html and "Warsaw" in html


def test_a_resident_can_sign_in_and_see_their_account(client, app):
    user = make_user(email="res@example.org")
    sign_in(client, user.email, PASSWORD)
    assert "res@example.org" in client.get("/account").get_data(as_text=True)
