"""The benchmark's data set: the Coventry demo, 50 consultations, one with many responses.

Residents for the big consultation are inserted in bulk (they never sign in: their password
hash is unusable); everything else goes through the real services.
"""

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, session
from flask_login import login_user
from flask_wtf.csrf import generate_csrf

from consult import clock
from consult.domain import voting
from consult.models import Proposal, Response, ResponseVersion, User, db
from consult.services import demo, discussion, links, proposals
from tests.factories import make_user

CHUNK = 20_000
UNUSABLE_HASH = "!bench-account-without-password"


def _proposal(link, title: str, *, days_open: int, days_left: int, visibility: str) -> Proposal:
    now = clock.now()
    opens, closes = now - timedelta(days=days_open), now + timedelta(days=days_left)
    draft = proposals.ProposalDraft(
        link_id=link.id, action="suspend", title=title, summary="A benchmark proposal.",
        reasons="## Reasons\n\nBenchmark text " * 20, options=[], opens_at=opens,
        closes_at=closes, results_visibility=visibility,
        alternatives=[{"title": "Keep the link", "why_not": "Benchmark."}])
    created = proposals.create(draft, actor="system (bench)", now=opens - timedelta(days=1))
    return proposals.schedule(created, actor="system (bench)", now=opens - timedelta(days=1))


def _bulk_residents(start: int, count: int, now) -> list[int]:
    rows = [{"email": f"bench-{start + i}@example.invalid", "display_name": f"Bench {start + i}",
             "password_hash": UNUSABLE_HASH, "role": "resident", "email_verified_at": now,
             "created_at": now} for i in range(count)]
    db.session.execute(sa.insert(User), rows)
    ids = db.session.scalars(sa.select(User.id).where(User.email.in_(
        [row["email"] for row in rows]))).all()
    return list(ids)


def _bulk_responses(proposal: Proposal, user_ids: list[int], now) -> None:
    options = [option.id for option in proposal.options]
    types = list(voting.RESPONDENT_TYPES)
    responses = [{"proposal_id": proposal.id, "user_id": uid, "option_id": options[i % 3],
                  "respondent_type": types[i % len(types)], "organisation": "",
                  "postcode_district": "", "reason": "", "reason_status": "none",
                  "receipt_code": secrets.token_hex(16), "withdrawn": False, "version": 1,
                  "created_at": now, "updated_at": now} for i, uid in enumerate(user_ids)]
    db.session.execute(sa.insert(Response), responses)
    stored = db.session.execute(sa.select(Response.id, Response.option_id, Response.receipt_code,
                                          Response.respondent_type)
                                .where(Response.proposal_id == proposal.id,
                                       Response.user_id.in_(user_ids))).all()
    db.session.execute(sa.insert(ResponseVersion), [
        {"response_id": r.id, "version": 1, "action": "submitted", "option_id": r.option_id,
         "respondent_type": r.respondent_type, "organisation": "", "postcode_district": "",
         "reason": "", "receipt_code": r.receipt_code, "created_at": now} for r in stored])


def seed(app: Flask, *, responses: int, consultations: int = 50) -> dict:
    """Load the data set; return the ids the benchmark needs."""
    with app.app_context():
        now = clock.now()
        demo.load(home_place="Coventry", now=now)
        register = links.get_by_slug("volgograd")
        big = _proposal(register, "Benchmark: the busy consultation", days_open=1, days_left=30,
                        visibility="shown")
        empty = _proposal(register, "Benchmark: the quiet consultation", days_open=1,
                          days_left=30, visibility="shown")
        for number in range(consultations - 2):
            _proposal(register, f"Benchmark consultation {number}", days_open=2, days_left=20,
                      visibility="hidden")
        done = 0
        while done < responses:
            count = min(CHUNK, responses - done)
            _bulk_responses(big, _bulk_residents(done, count, now), now)
            db.session.commit()
            done += count
        _comments(big, now)
        mid = _proposal(register, "Benchmark: the middling consultation", days_open=1,
                        days_left=30, visibility="shown")
        _bulk_responses(mid, _bulk_residents(responses, 10_000, now), now)
        db.session.commit()
        ids = {"big": big.id, "mid": mid.id, "empty": empty.id,
               "options": [o.id for o in big.options]}
        db.session.remove()
        return ids


def _comments(proposal: Proposal, now) -> None:
    author = make_user(email="bench-commenter@example.invalid", display_name="Commenter")
    for number in range(20):
        top = discussion.post_comment(proposal, author, f"Comment {number}", now=now)
        for reply in range(3):
            discussion.post_comment(proposal, author, f"Reply {reply}", now=now, parent_id=top.id)


def mint_sessions(app: Flask, count: int, *, start: int) -> list[tuple[str, str]]:
    """Signed-in sessions for new verified residents: (session cookie, CSRF form token).

    Minted with the app's own session serializer instead of `count` argon2 sign-ins.
    """
    serializer = app.session_interface.get_signing_serializer(app)
    minted = []
    with app.app_context():
        now = clock.now()
        user_ids = _bulk_residents(start, count, now)
        db.session.commit()
        for user_id in user_ids:
            with app.test_request_context():
                login_user(db.session.get(User, user_id))
                token = generate_csrf()
                minted.append((serializer.dumps(dict(session)), token))
        db.session.remove()
    return minted
