"""The public audit log cannot join an account to a response: account entries name a keyed
pseudonym, never an account id, and a response's lane is drawn from a keyed hash of the
proposal and the person, never from the account id (issue 12, item 10)."""

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from consult.domain import audit, voting
from consult.models import AuditEntry, db
from consult.services import accounts, audit_log, personal_data, responses
from tests.factories import PASSWORD, make_proposal, make_user

ACCOUNT_ID = re.compile(r"\buser:\d+")


def _entries(action_prefix: str) -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action.startswith(action_prefix)).order_by(AuditEntry.lane, AuditEntry.seq)))


def test_account_entries_name_no_account_id(app):
    user = make_user(email="ada@example.org")
    now = datetime.now(UTC)
    accounts.change_password(user_id=user.id, current=PASSWORD, new="another long passphrase",
                             now=now)
    accounts.set_role(user_id=user.id, role="auditor", actor="system (tests)", now=now)
    found = _entries("account.")
    assert {entry.action for entry in found} >= {"account.created", "account.password_changed",
                                                  "account.role_changed"}
    for entry in found:
        text = f"{entry.subject} {audit.canonical_json(entry.details)}"
        assert not ACCOUNT_ID.search(text) and "user_id" not in text
        assert entry.subject == audit_log.account_subject(user)


def test_the_downloaded_log_and_its_pages_hold_no_account_ids(app, client):
    user = make_user(email="ada@example.org")
    log = client.get("/audit/log.jsonl").get_data(as_text=True)
    page = client.get("/audit").get_data(as_text=True)
    assert "account.created" in log
    assert not ACCOUNT_ID.search(log) and not ACCOUNT_ID.search(page)
    assert audit_log.account_subject(user) in log


def test_response_lanes_do_not_follow_account_ids(app):
    proposal = make_proposal(status="open")
    now = datetime.now(UTC)
    people = [make_user() for _ in range(32)]
    for person in people:
        responses.respond(proposal_id=proposal.id, respondent_id=person.id,
                          choice=voting.Choice(proposal.options[0].id,
                                                          "local_resident"), now=now)
    lanes = {entry.details["commitment"]: entry.lane for entry in _entries("response.")}
    by_id = [1 + person.id % 16 for person in people]
    actual = [lanes[responses.commitment(response.receipt_code, response.option_id,
                                         response.respondent_type)]
              for response in (responses.current_for(proposal.id, p) for p in people)]
    assert actual != by_id
    assert actual == [audit_log.response_lane(f"proposal:{proposal.id}", p) for p in people]
    assert audit_log.verify_chain() == (True, None)


def test_a_re_registered_persons_response_stays_in_its_lane_under_a_new_account(app):
    proposal = make_proposal(status="open")
    now = datetime.now(UTC)
    user = make_user(email="ada@example.org")
    choice = voting.Choice(proposal.options[0].id, "local_resident")
    responses.respond(proposal_id=proposal.id, respondent_id=user.id, choice=choice, now=now)
    personal_data.erase_account(user_id=user.id, password=PASSWORD, now=now)
    again = make_user(email="ada@example.org")
    responses.respond(proposal_id=proposal.id, respondent_id=again.id, choice=choice,
                      now=now + timedelta(minutes=1))
    assert {entry.lane for entry in _entries("response.")} == {
        audit_log.response_lane(f"proposal:{proposal.id}", again)}
    assert audit_log.verify_chain() == (True, None)
