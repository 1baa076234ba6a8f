"""An early close is final when it commits: no response is acknowledged after it.

Seven residents keep changing their responses through the real pages while an officer closes
the consultation early, on the real clock. A request that read the clock before the close and
wrote after it would be acknowledged after the officer saw "closed early", and its audit entry
would sit beyond the closing anchor; the clock is read inside the write lock, so neither
happens. Several trials, as the interleaving differs each time.
"""

import threading

import sqlalchemy as sa

from consult.domain import audit
from consult.models import AuditEntry, LinkEvent, Proposal, Response, db
from consult.services import audit_log
from tests.conftest import csrf_token
from tests.factories import make_proposal

TRIALS = 20
RESIDENTS = 7  # and one officer: eight workers
CHANGES = 6  # each resident's attempts per trial
CLOSE_AFTER = 8  # acknowledged responses before the officer closes


def _trial(app, residents, officer) -> dict[str, list]:
    proposal = make_proposal(status="open")
    options = [option.id for option in proposal.options]
    acknowledged, refused, lock = [], [], threading.Lock()
    enough, start = threading.Event(), threading.Barrier(RESIDENTS + 1)

    def resident(index: int, client) -> None:
        start.wait()
        for change in range(CHANGES):
            answer = client.post(f"/consultations/{proposal.id}/respond", data={
                "csrf_token": client.token, "option": str(options[(index + change) % 2]),
                "respondent_type": "local_resident"})
            with lock:
                (acknowledged if answer.status_code == 302 else refused).append(index)
                if len(acknowledged) >= CLOSE_AFTER:
                    enough.set()
            if answer.status_code != 302:
                return

    def close() -> None:
        start.wait()
        enough.wait(timeout=60)
        answer = officer.post(f"/officer/consultations/{proposal.id}/close", data={
            "csrf_token": officer.token, "reason": "The partner city has withdrawn."})
        assert answer.status_code == 302, answer.get_data(as_text=True)[:500]

    threads = [threading.Thread(target=resident, args=(index, client))
               for index, client in enumerate(residents)]
    threads.append(threading.Thread(target=close))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return proposal.id


def _covered_by_closing_anchor(proposal_id: int) -> tuple[dict[int, int], AuditEntry]:
    """Each lane's seq vouched for by the anchors up to the one written with the close."""
    closed = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.lane == audit.MAIN_LANE, AuditEntry.action == "proposal.closed_early",
        AuditEntry.subject == f"proposal:{proposal_id}"))
    anchor = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.lane == audit.MAIN_LANE, AuditEntry.action == audit.ANCHOR_ACTION,
        AuditEntry.seq > closed.seq).order_by(AuditEntry.seq))
    assert anchor is not None, "the close wrote no closing anchor"
    covered: dict[int, int] = {}
    for entry in db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.lane == audit.MAIN_LANE, AuditEntry.action == audit.ANCHOR_ACTION,
            AuditEntry.seq <= anchor.seq)):
        for lane, seq in audit.anchor_claims(entry.as_chain_dict()):
            covered[lane] = max(covered.get(lane, 0), seq)
    return covered, anchor


def _check(proposal_id: int) -> None:
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal_id)
    assert proposal.closed_early_at is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LinkEvent).where(
        LinkEvent.proposal_id == proposal_id, LinkEvent.kind == "consultation_closed")) == 1
    covered, anchor = _covered_by_closing_anchor(proposal_id)
    entries = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.subject == f"proposal:{proposal_id}",
        AuditEntry.action.like("response.%"))).all()
    late = [(entry.lane, entry.seq) for entry in entries
            if entry.seq > covered.get(entry.lane, 0)]
    assert late == [], "responses written after the closing anchor"
    counted = db.session.scalars(sa.select(Response).where(
        Response.proposal_id == proposal_id)).all()
    assert counted and all(response.updated_at <= proposal.closed_early_at
                           for response in counted)
    assert all(entry.occurred_at <= anchor.occurred_at for entry in entries)


def test_no_response_is_acknowledged_after_an_early_close(app, signed_in):
    residents = [signed_in("resident") for _ in range(RESIDENTS)]
    officer = signed_in("officer")
    first = make_proposal(status="open")
    for client in residents:
        client.token = csrf_token(client, f"/consultations/{first.id}")
    officer.token = csrf_token(officer, f"/officer/consultations/{first.id}")
    for _ in range(TRIALS):
        _check(_trial(app, residents, officer))
    assert audit_log.verify_chain() == (True, None)
