"""Requests for a consultation on the real database: moderation, signing, counts, threshold,
answers, the audit log and the signers' mail."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import current_app

from consult.domain import requests as rules
from consult.domain.errors import InvalidTransition
from consult.models import AuditEntry, ConsultationRequest, Mail, Signature, db
from consult.queries import request_queries
from consult.services import audit_log, requests, signature_review
from tests.factories import NOW, make_link, make_proposal, make_user
from tests.integration.request_data import make_request


def _actions(subject: str) -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.subject == subject).order_by(AuditEntry.occurred_at, AuditEntry.lane,
                                                AuditEntry.seq)))


def _sign(request, user, kind="local_resident", now=NOW + timedelta(hours=1), **kwargs):
    return requests.sign(request_id=request.id, signer_id=user.id, signer_type=kind, now=now,
                         **kwargs)


def test_an_unverified_resident_cannot_ask(app):
    with pytest.raises(rules.RequestError):
        make_request(author=make_user(verified=False), status="pending")


def test_a_request_waits_for_moderation_then_is_published_with_its_close_and_threshold(app):
    request = make_request(status="pending")
    assert request.status == rules.PENDING
    request = requests.publish(request_id=request.id, moderator=make_user(role="officer"),
                               now=NOW)
    assert request.closes_at == NOW + timedelta(days=90)
    assert request.threshold == 500
    assert _actions(f"request:{request.id}") == ["request.submitted", "request.published"]
    with pytest.raises(InvalidTransition):
        requests.reject(request_id=request.id, code=rules.DUPLICATE,
                        moderator=make_user(role="officer"), now=NOW)


def test_a_rejection_carries_its_coded_reason_and_is_audited(app):
    request = make_request(status="pending")
    with pytest.raises(rules.RequestError):
        requests.reject(request_id=request.id, code="rude", moderator=make_user(role="officer"),
                        now=NOW)
    request = requests.reject(request_id=request.id, code=rules.PERSONAL_INFORMATION,
                              moderator=make_user(role="officer"), now=NOW)
    assert (request.status, request.rejection_code) == (rules.REJECTED, "personal_information")
    assert _actions(f"request:{request.id}")[-1] == "request.rejected"
    with pytest.raises(rules.SigningClosed):
        _sign(request, make_user())


def test_one_signature_per_person_withdrawable_and_twin_city_counted_apart(app):
    request = make_request()
    local, twin = make_user(), make_user()
    _sign(request, local)
    _sign(request, twin, "twin_city_resident")
    with pytest.raises(rules.AlreadySigned):
        _sign(request, local)
    db.session.expire_all()
    stored = db.session.get(ConsultationRequest, request.id)
    assert (stored.local_count, stored.twin_count) == (1, 1)
    requests.withdraw(request_id=request.id, signer_id=local.id, now=NOW + timedelta(days=1))
    with pytest.raises(rules.NotSigned):
        requests.withdraw(request_id=request.id, signer_id=local.id, now=NOW + timedelta(days=1))
    db.session.expire_all()
    assert (db.session.get(ConsultationRequest, request.id).local_count) == 0
    _sign(request, local, "works_or_studies", now=NOW + timedelta(days=2))  # signs again
    db.session.expire_all()
    assert db.session.get(ConsultationRequest, request.id).local_count == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Signature)) == 2
    assert audit_log.verify_chain() == (True, None)


def test_signatures_and_withdrawals_after_the_close_are_refused(app):
    request = make_request()
    person = make_user()
    _sign(request, person)
    closes = request.closes_at
    with pytest.raises(rules.SigningClosed):
        _sign(request, make_user(), now=closes)
    with pytest.raises(rules.SigningClosed):
        requests.withdraw(request_id=request.id, signer_id=person.id, now=closes)


def test_the_signature_reaching_the_threshold_records_the_moment_and_the_answer_due(app):
    current_app.config["CONSULT_REQUEST_THRESHOLD"] = 3
    request = make_request()
    people = [make_user() for _ in range(3)]
    _sign(request, make_user(), "twin_city_resident", now=NOW + timedelta(hours=1))
    for hours, person in enumerate(people, start=2):
        _sign(request, person, now=NOW + timedelta(hours=hours))
    db.session.expire_all()
    stored = db.session.get(ConsultationRequest, request.id)
    assert stored.reached_at == NOW + timedelta(hours=4)
    assert stored.answer_due_at == NOW + timedelta(hours=4, days=56)
    assert request_queries.state_of(stored, NOW + timedelta(days=5)) == rules.AWAITING
    assert request_queries.state_of(stored, NOW + timedelta(days=61)) == rules.OVERDUE
    # a withdrawal below the threshold does not undo the fact
    requests.withdraw(request_id=request.id, signer_id=people[0].id, now=NOW + timedelta(days=1))
    db.session.expire_all()
    assert db.session.get(ConsultationRequest, request.id).reached_at == NOW + timedelta(hours=4)
    assert _actions(f"request:{request.id}").count("request.threshold_reached") == 1


def test_answering_with_a_consultation_shows_answered_once_it_is_published(app, mailbox):
    link = make_link()
    request = make_request(link=link)
    signers = [make_user() for _ in range(2)]
    for person in signers:
        _sign(request, person)
    requests.withdraw(request_id=request.id, signer_id=signers[1].id, now=NOW + timedelta(days=1))
    draft = make_proposal(link=link, status="draft")
    officer = make_user(role="officer")
    with pytest.raises(rules.RequestError):
        requests.answer_with_consultation(request_id=request.id,
                                          proposal_id=make_proposal(status="draft").id,
                                          actor=officer, now=NOW + timedelta(days=2))
    requests.answer_with_consultation(request_id=request.id, proposal_id=draft.id, actor=officer,
                                      now=NOW + timedelta(days=2))
    db.session.expire_all()
    stored = db.session.get(ConsultationRequest, request.id)
    assert request_queries.state_of(stored, NOW + timedelta(days=3)) == rules.OPEN
    stored.proposal.status = "scheduled"  # as publishing it does
    assert request_queries.state_of(stored, NOW + timedelta(days=3)) == rules.ANSWERED
    db.session.rollback()
    mails = list(db.session.scalars(sa.select(Mail).where(Mail.kind == "request")))
    assert [mail.user_id for mail in mails] == [signers[0].id]  # still signed only
    assert _actions(f"request:{request.id}")[-1] == "request.answered"


def test_a_refusal_is_published_with_reasons_and_final(app):
    request = make_request()
    _sign(request, make_user())
    officer = make_user(role="officer")
    with pytest.raises(rules.RequestError):
        requests.refuse(request_id=request.id, reason=" ", actor=officer, now=NOW)
    requests.refuse(request_id=request.id, reason="We consulted in 2025.", actor=officer,
                    now=NOW + timedelta(days=1))
    db.session.expire_all()
    stored = db.session.get(ConsultationRequest, request.id)
    assert request_queries.state_of(stored, NOW + timedelta(days=2)) == rules.ANSWERED
    with pytest.raises(rules.RequestError):
        requests.refuse(request_id=request.id, reason="Again.", actor=officer, now=NOW)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Mail).where(
        Mail.kind == "request")) == 1


def test_signatures_in_a_burst_are_held_then_invalidated_in_bulk_with_a_reason(app):
    current_app.config["CONSULT_RESPONSE_BURST_IP"] = "2 per hour"
    request = make_request()
    people = [make_user() for _ in range(4)]
    signatures = [_sign(request, person, client="203.0.113.9") for person in people]
    db.session.expire_all()
    held = request_queries.held(request.id)
    assert [row.id for row in held] == [row.id for row in signatures[2:]]
    assert db.session.get(ConsultationRequest, request.id).local_count == 2
    signature_review.review(request_id=request.id, action="invalidate",
                            signature_ids=[held[0].id], note="One network",
                            actor=make_user(role="officer"), now=NOW + timedelta(hours=2))
    signature_review.review(request_id=request.id, action="accept",
                            signature_ids=[held[1].id], note="A family",
                            actor=make_user(role="officer"), now=NOW + timedelta(hours=2))
    db.session.expire_all()
    assert db.session.get(ConsultationRequest, request.id).local_count == 3
    assert _actions(f"request:{request.id}")[-2:] == ["signatures.invalidated",
                                                      "signatures.accepted"]


def test_the_public_audit_log_never_holds_a_requests_words(app):
    request = make_request(status="pending", title="About Ms Jones of 4 Mill Lane",
                           reason="Her phone number is 07700 900123")
    requests.reject(request_id=request.id, code=rules.PERSONAL_INFORMATION,
                    moderator=make_user(role="officer"), now=NOW)
    logged = str(list(audit_log.chain_dicts()))
    assert "Jones" not in logged and "07700" not in logged


def test_a_residents_requests_and_signatures_are_in_their_data_and_erasure_keeps_the_count(app):
    from consult.services import personal_data
    from tests.factories import PASSWORD

    person = make_user()
    request = make_request(author=person)
    _sign(request, person, client="203.0.113.5")
    data = personal_data.export(db.session.get(type(person), person.id), now=NOW,
                                controller="The council")
    assert [made["id"] for made in data["requests_made"]] == [request.id]
    assert [signed["request_id"] for signed in data["signatures"]] == [request.id]
    personal_data.erase_account(user_id=person.id, password=PASSWORD, now=NOW)
    db.session.expire_all()
    signature = db.session.scalar(sa.select(Signature))
    assert (signature.email_domain, signature.address_hash) == ("", None)
    assert db.session.get(ConsultationRequest, request.id).local_count == 1


def test_the_officers_digest_counts_requests_to_moderate_and_those_owing_an_answer(app):
    from consult.queries import notification_queries

    current_app.config["CONSULT_REQUEST_THRESHOLD"] = 1
    make_request(status="pending")
    owing = make_request()
    _sign(owing, make_user())
    answered = make_request()
    _sign(answered, make_user())
    requests.refuse(request_id=answered.id, reason="No.", actor=make_user(role="officer"),
                    now=NOW + timedelta(days=1))
    waiting = notification_queries.work_waiting(NOW + timedelta(days=2))
    assert (waiting["requests_to_moderate"], waiting["requests_owing_answer"]) == (1, 1)


def test_retention_blanks_signatures_anti_abuse_data_months_after_the_request_closed(app):
    from consult.services import retention

    request = make_request()
    signature = _sign(request, make_user(), client="203.0.113.9")
    assert signature.address_hash and signature.email_domain
    closes = db.session.get(ConsultationRequest, request.id).closes_at
    retention.run(now=closes + timedelta(days=300), months=12)
    db.session.expire_all()
    kept = db.session.get(Signature, signature.id)
    assert kept.address_hash is not None, "removed before the retention period ended"
    retention.run(now=closes + timedelta(days=400), months=12)
    db.session.expire_all()
    kept = db.session.get(Signature, signature.id)
    assert (kept.address_hash, kept.email_domain) == (None, "")
    assert db.session.get(ConsultationRequest, request.id).local_count == 1
    assert _actions("signatures")[-1] == "retention.anonymised"
