"""Bursts of responses are held for review, silently, and left out of every total."""

import re

import pytest
import sqlalchemy as sa

from consult.domain import abuse
from consult.models import Response, db
from consult.queries import results
from tests.conftest import respond_over_http, submit
from tests.factories import make_open_proposal, make_proposal
from tests.security.abuse_data import (
    ADDRESS_REASON,
    BURST_CONFIG,
    LIBRARY,
    respond_from,
    statuses,
)

STREET = "203.0.113.9"


@pytest.fixture
def app_config(app_config):
    """Three responses an hour from one address, four from one email domain, and a library."""
    return {**app_config, **BURST_CONFIG}


def test_responses_from_one_address_beyond_the_rate_are_held_and_left_out_of_totals(
        app, client, signed_in):
    proposal = make_open_proposal()
    answers = [respond_over_http(signed_in(email=f"street{n}@gmail.com"), proposal,
                                 address=STREET)
               for n in range(5)]
    assert [answer.status_code for answer in answers] == [302] * 5
    assert {answer.headers["Location"] for answer in answers} == {
        f"/consultations/{proposal.id}/receipt"}
    assert statuses(proposal) == ["counted"] * 3 + ["pending"] * 2
    reasons = db.session.scalars(sa.select(Response.review_reason).where(
        Response.review_status == "pending").order_by(Response.id)).all()
    assert reasons == [ADDRESS_REASON.format(n=4), ADDRESS_REASON.format(n=5)]
    assert results.response_count(proposal.id) == 3
    assert results.tally(proposal)["total"] == 3
    html = client.get(f"/consultations/{proposal.id}/results").get_data(as_text=True)
    assert re.search(r'id="response-count">3 responses', html)
    assert "2 responses held for review" in html


def _normalised(html: str, response: Response) -> str:
    """The page with what differs between two people anyway taken out."""
    html = html.replace(response.receipt_code, "RECEIPT")
    html = re.sub(r"[0-9a-f]{32}", "CHECK", html)
    html = re.sub(r'value="[^"]{40,}"', 'value="TOKEN"', html)
    html = re.sub(r'nonce="[^"]+"', 'nonce="N"', html)
    return re.sub(r"Person \d+|street\d+@gmail\.com", "PERSON", html)


def test_a_held_respondent_sees_exactly_what_a_counted_one_sees(app, signed_in):
    proposal = make_open_proposal()
    people = [signed_in(email=f"street{n}@gmail.com") for n in range(4)]
    for person in people:
        assert respond_over_http(person, proposal, address=STREET).status_code == 302
    db.session.expire_all()
    mine = {row.user_id: row for row in db.session.scalars(sa.select(Response))}
    counted, held = people[0], people[3]
    assert mine[held.user.id].review_status == "pending"
    for path in (f"/consultations/{proposal.id}/receipt", f"/consultations/{proposal.id}"):
        pages = [person.get(path) for person in (counted, held)]
        assert [page.status_code for page in pages] == [200, 200]
        texts = [_normalised(page.get_data(as_text=True), mine[person.user.id])
                 for page, person in zip(pages, (counted, held), strict=True)]
        assert texts[0] == texts[1]
        assert "held" not in texts[1].lower() and "review" not in texts[1].lower()


def test_every_response_from_an_allow_listed_shared_address_counts(app, client, signed_in):
    proposal = make_open_proposal()
    for n in range(6):
        assert respond_over_http(signed_in(email=f"reader{n}@gmail.com"), proposal,
                                 address=LIBRARY).status_code == 302
    assert statuses(proposal) == ["counted"] * 6
    assert results.response_count(proposal.id) == 6


def test_a_burst_from_one_email_domain_is_held_whatever_the_addresses(app):
    proposal = make_open_proposal()
    made = [respond_from(proposal, f"198.51.100.{n}", domain="lobby.example", start=n)[0]
            for n in range(6)]
    assert statuses(proposal) == ["counted"] * 4 + ["pending"] * 2
    assert made[4].review_reason == "burst from one email domain: 5 responses in an hour"
    assert {row.email_domain for row in made} == {"lobby.example"}


def test_webmail_domains_are_not_held_for_their_numbers(app):
    proposal = make_open_proposal()
    for n in range(6):
        respond_from(proposal, f"198.51.100.{n}", domain="gmail.com", start=n)
    assert statuses(proposal) == ["counted"] * 6


def test_responses_spread_beyond_the_window_all_count(app):
    proposal = make_open_proposal()
    for n in range(5):
        respond_from(proposal, STREET, start=n * 61)
    assert statuses(proposal) == ["counted"] * 5


def test_one_ipv6_household_is_one_address_whichever_address_it_uses(app):
    proposal = make_open_proposal()
    for n in range(4):
        respond_from(proposal, f"2001:db8:5:6::{n + 1}", start=n)
    assert statuses(proposal) == ["counted"] * 3 + ["pending"]


def test_the_address_itself_is_never_stored(app, signed_in):
    proposal = make_open_proposal()
    for n in range(2):
        respond_over_http(signed_in(email=f"street{n}@gmail.com"), proposal, address=STREET)
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Response)).all()
    assert len({row.address_hash for row in rows}) == 1
    assert re.fullmatch(r"[0-9a-f]{64}", rows[0].address_hash)
    for table in ("responses", "response_versions", "audit_entries"):
        dump = str(db.session.execute(sa.text(f"SELECT * FROM {table}")).all())
        assert STREET not in dump


def test_a_held_respondent_who_changes_their_response_stays_held(app, signed_in):
    proposal = make_open_proposal()
    people = [signed_in(email=f"street{n}@gmail.com") for n in range(4)]
    for person in people:
        respond_over_http(person, proposal, address=STREET)
    assert respond_over_http(people[3], proposal, choose=1,
                             address="198.51.100.77").status_code == 302
    assert statuses(proposal) == ["counted"] * 3 + ["pending"]
    assert results.tally(proposal)["overall"][1].count == 0


def test_api_csv_and_receipt_lists_leave_held_responses_out(app, client):
    proposal = make_proposal(status="closed", options=["Support", "Oppose"],
                             results_visibility="shown")
    counted = respond_from(proposal, STREET, count=3)
    held = respond_from(proposal, STREET, count=2, choose=1, start=3)
    assert [row.review_status for row in held] == ["pending", "pending"]
    body = client.get(f"/api/v1/consultations/{proposal.id}/results").get_json()
    assert body["response_count"] == 3 and body["vote_event"]["total"] == 3
    assert {count["option"]: count["value"] for count in body["vote_event"]["counts"]} == {
        "Support": 3, "Oppose": 0}
    csv = client.get(f"/consultations/{proposal.id}/results.csv").get_data(as_text=True)
    assert "Oppose,0," in csv and "Support,3," in csv
    codes = client.get(f"/api/v1/consultations/{proposal.id}/receipts").get_json()
    listed = str(codes)
    assert all(row.receipt_code in listed for row in counted)
    assert not any(row.receipt_code in listed for row in held)


@pytest.fixture
def limited_app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True}


def _register(client, number: int, address: str):
    return submit(client, "/register", {
        "email": f"new{number}.{address.replace('.', '-')}@example.org",
        "display_name": f"New {number}", "password": "a long enough passphrase",
        "confirm": "a long enough passphrase"}, environ_base={"REMOTE_ADDR": address})


def test_registering_from_an_allow_listed_address_is_not_rate_limited(limited_app_config):
    from consult import create_app

    application = create_app(limited_app_config)
    library, street = application.test_client(), application.test_client()
    assert [_register(library, n, LIBRARY).status_code for n in range(12)] == [302] * 12
    answers = [_register(street, n, STREET).status_code for n in range(11)]
    assert answers == [302] * 10 + [429]


def test_a_bad_burst_setting_stops_the_app_from_starting(monkeypatch):
    from consult import config

    monkeypatch.setenv("CONSULT_RESPONSE_BURST_IP", "lots")
    with pytest.raises(config.ConfigError, match="CONSULT_RESPONSE_BURST_IP"):
        config.load()
    monkeypatch.setenv("CONSULT_RESPONSE_BURST_IP", "20 per hour")
    monkeypatch.setenv("CONSULT_SHARED_ADDRESSES", "192.0.2.0/24,the library")
    with pytest.raises(config.ConfigError, match="CONSULT_SHARED_ADDRESSES"):
        config.load()


def test_the_burst_window_is_counted_from_the_time_of_each_response(app):
    proposal = make_open_proposal()
    respond_from(proposal, STREET, count=3)
    late = respond_from(proposal, STREET, start=60 + 3)
    assert late[0].review_status == abuse.COUNTED
