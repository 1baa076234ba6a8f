"""Signing at once, on either database: one signature per person, every person counted, counts
in step with the rows, and a signature racing the close is counted before it or refused."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from consult.domain import requests as rules
from consult.models import AuditEntry, ConsultationRequest, Signature, db
from consult.services import audit_log, requests
from tests.factories import NOW, make_user
from tests.integration.request_data import make_request
from tests.reliability.crowd import SteppingClock
from tests.reliability.people import bulk_residents

POOL = 16
SIGNED, ALREADY, CLOSED = "signed", "already", "closed"


def _sign_as(app, request_id: int, user_id: int, *, now=None, clock=None, kind="local_resident"):
    with app.app_context():
        try:
            requests.sign(request_id=request_id, signer_id=user_id, signer_type=kind,
                          now=now or clock())
            return SIGNED
        except rules.AlreadySigned:
            return ALREADY
        except rules.SigningClosed:
            return CLOSED
        finally:
            db.session.remove()


def _crowd(app, request_id: int, user_ids: list[int], **kwargs) -> list[str]:
    barrier = threading.Barrier(POOL)

    def one(index: int) -> str:
        if index < POOL:
            barrier.wait()
        return _sign_as(app, request_id, user_ids[index], **kwargs)

    with ThreadPoolExecutor(POOL) as pool:
        return list(pool.map(one, range(len(user_ids))))


def _rows(request_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Signature).where(
        Signature.request_id == request_id, Signature.withdrawn.is_(False)))


def test_200_signatures_at_once_by_one_person_leave_one(app):
    request = make_request()
    person = make_user()
    outcomes = _crowd(app, request.id, [person.id] * 200, now=NOW + timedelta(hours=1))
    assert outcomes.count(SIGNED) == 1 and outcomes.count(ALREADY) == 199
    db.session.expire_all()
    assert _rows(request.id) == 1
    assert db.session.get(ConsultationRequest, request.id).local_count == 1


def test_500_people_signing_at_once_are_all_counted_and_reach_the_threshold_once(app):
    request = make_request()
    people = bulk_residents(500)
    outcomes = _crowd(app, request.id, people, now=NOW + timedelta(hours=1))
    assert outcomes == [SIGNED] * 500
    db.session.expire_all()
    stored = db.session.get(ConsultationRequest, request.id)
    assert _rows(request.id) == stored.local_count == 500
    assert stored.reached_at == NOW + timedelta(hours=1)
    reached = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "request.threshold_reached"))
    assert reached == 1
    assert audit_log.verify_chain() == (True, None)


def test_signatures_racing_the_close_are_counted_before_it_or_refused(app):
    current_app.config["CONSULT_REQUEST_THRESHOLD"] = 10_000
    request = make_request()
    people = bulk_residents(60)
    clock = SteppingClock(request.closes_at - timedelta(milliseconds=30))
    outcomes = _crowd(app, request.id, people, clock=clock)
    assert set(outcomes) == {SIGNED, CLOSED}
    assert outcomes.count(SIGNED) == 30
    db.session.expire_all()
    stored = db.session.get(ConsultationRequest, request.id)
    created = list(db.session.scalars(sa.select(Signature.created_at).where(
        Signature.request_id == request.id)))
    assert len(created) == stored.local_count == 30
    assert all(moment < stored.closes_at for moment in created)
