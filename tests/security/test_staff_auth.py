"""Recording a decision and changing a role need a fresh sign-in: the password given within
12 hours, in a session not idle for more than 30 minutes. Otherwise "Confirm it's you"."""

from urllib.parse import parse_qs, quote, urlsplit

import pytest
import sqlalchemy as sa

from consult.models import Decision, db
from tests.conftest import submit
from tests.factories import PASSWORD, make_closed_consultation, make_link, make_user
from tests.integration.decision_data import unconsulted
from tests.security.account_helpers import fresh_user, install_movable_clock

CONFIRM = "/confirm-its-you"


@pytest.fixture
def moving_clock(monkeypatch):
    return install_movable_clock(monkeypatch)


@pytest.fixture
def link():
    return make_link(partner_name="Kiel", country="Germany")


def _decision_path(link) -> str:
    return f"/officer/links/{link.slug}/decisions/new"


def _decisions() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Decision))


def _asked_to_confirm(response, back: str) -> bool:
    """A redirect to "Confirm it's you" that will come back to `back`."""
    if response.status_code != 302:
        return False
    location = urlsplit(response.headers["Location"])
    return location.path == CONFIRM and parse_qs(location.query) == {"next": [back]}


def test_a_just_signed_in_officer_opens_the_decision_form(officer, link):
    assert officer.get(_decision_path(link)).status_code == 200


def test_an_officer_idle_for_more_than_30_minutes_is_asked_to_confirm(officer, link,
                                                                       moving_clock):
    moving_clock.move(minutes=31)
    response = officer.get(_decision_path(link))
    assert _asked_to_confirm(response, _decision_path(link))


def test_activity_within_30_minutes_keeps_the_session_fresh(officer, link, moving_clock):
    for _ in range(3):
        moving_clock.move(minutes=25)
        assert officer.get("/officer/").status_code == 200
    assert officer.get(_decision_path(link)).status_code == 200


def test_a_sign_in_older_than_12_hours_needs_confirming_however_busy(officer, link,
                                                                     moving_clock):
    for _ in range(35):  # a request every 20 minutes for 11 hours 40 minutes
        moving_clock.move(minutes=20)
        assert officer.get("/officer/").status_code == 200
    assert officer.get(_decision_path(link)).status_code == 200
    moving_clock.move(minutes=25)  # 12 hours 5 minutes after signing in
    assert _asked_to_confirm(officer.get(_decision_path(link)), _decision_path(link))


def test_idleness_is_not_forgiven_by_a_later_request(officer, link, moving_clock):
    moving_clock.move(minutes=45)
    assert officer.get("/officer/").status_code == 200  # the request that ends the idle spell
    assert _asked_to_confirm(officer.get(_decision_path(link)), _decision_path(link))


def test_confirming_the_password_goes_back_to_the_form(officer, link, moving_clock):
    moving_clock.move(hours=1)
    first = officer.get(_decision_path(link))
    confirm_path = first.headers["Location"]
    page = officer.get(confirm_path)
    assert page.status_code == 200
    assert "Confirm it’s you" in page.get_data(as_text=True)
    response = submit(officer, confirm_path, {"password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == _decision_path(link)
    assert officer.get(_decision_path(link)).status_code == 200


def test_a_wrong_password_does_not_confirm(officer, link, moving_clock):
    moving_clock.move(hours=1)
    confirm_path = officer.get(_decision_path(link)).headers["Location"]
    response = submit(officer, confirm_path, {"password": "not the right one at all"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "Your password is not right" in html
    assert _asked_to_confirm(officer.get(_decision_path(link)), _decision_path(link))


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_confirming_never_redirects_off_the_site(officer, target):
    response = submit(officer, f"{CONFIRM}?next={quote(target, safe='')}",
                      {"password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"


def test_a_stale_post_records_no_decision(officer, link, moving_clock):
    token_page = "/account"
    moving_clock.move(hours=1)
    before = _decisions()
    response = submit(officer, _decision_path(link), unconsulted(),
                      token_from=token_page)
    assert _asked_to_confirm(response, _decision_path(link))
    assert _decisions() == before


def test_a_fresh_officer_records_a_decision(officer, link):
    before = _decisions()
    response = submit(officer, _decision_path(link), unconsulted())
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert _decisions() == before + 1


def test_the_consultation_decision_form_needs_a_fresh_sign_in_too(officer, moving_clock):
    proposal = make_closed_consultation()
    path = f"/officer/consultations/{proposal.id}/decisions/new"
    assert officer.get(path).status_code == 200
    moving_clock.move(minutes=40)
    assert _asked_to_confirm(officer.get(path), path)


def test_a_stale_admin_is_asked_to_confirm_before_changing_a_role(signed_in, moving_clock):
    admin = signed_in("admin")
    person = make_user()
    path = f"/admin/users/{person.id}/role"
    moving_clock.move(hours=2)
    response = submit(admin, path, {"role": "officer"}, token_from="/account")
    assert _asked_to_confirm(response, path)
    assert fresh_user(person.id).role == "resident"
    confirm = submit(admin, response.headers["Location"], {"password": PASSWORD})
    assert confirm.headers["Location"] == path
    assert submit(admin, path, {"role": "officer"}).status_code == 302
    assert fresh_user(person.id).role == "officer"


def test_a_resident_gets_403_not_a_confirmation_page(signed_in, link, moving_clock):
    resident = signed_in("resident")
    moving_clock.move(hours=2)
    assert resident.get(_decision_path(link)).status_code == 403


def test_the_confirmation_page_needs_a_signed_in_account(client):
    response = client.get(CONFIRM)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_a_session_from_before_the_change_counts_as_not_fresh(officer, link):
    with officer.session_transaction() as session:
        session.pop("auth_at")
    assert _asked_to_confirm(officer.get(_decision_path(link)), _decision_path(link))
