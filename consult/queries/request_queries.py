"""The read side of requests for a consultation: lists, one request's facts, a person's
signature, signatures held for review. Never commits."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..domain import proposals as proposal_rules
from ..domain import requests as rules
from ..domain.abuse import COUNTED, PENDING
from ..infrastructure import identity
from ..models import ConsultationRequest, Proposal, Signature, User, db
from .paging import Page, page_of_list

PER_PAGE = 20
UNPUBLISHED = (proposal_rules.DRAFT, proposal_rules.WITHDRAWN)


def facts_of(request: ConsultationRequest) -> rules.Facts:
    """The stored facts the rules read, the linked consultation's publication included."""
    proposal = request.proposal
    return rules.Facts(
        status=request.status, closes_at=request.closes_at, threshold=request.threshold,
        reached_at=request.reached_at, answer_due_at=request.answer_due_at,
        answer=request.answer,
        consultation_published=proposal is not None and proposal.status not in UNPUBLISHED)


def state_of(request: ConsultationRequest, now: datetime) -> str:
    return rules.state(facts_of(request), now)


def get(request_id: int) -> ConsultationRequest | None:
    return db.session.get(ConsultationRequest, request_id)


def _moderated() -> sa.Select:
    return (sa.select(ConsultationRequest)
            .where(ConsultationRequest.status.in_((rules.PUBLISHED, rules.REJECTED)))
            .options(selectinload(ConsultationRequest.proposal),
                     selectinload(ConsultationRequest.link))
            .order_by(ConsultationRequest.published_at.desc().nulls_last(),
                      ConsultationRequest.moderated_at.desc(), ConsultationRequest.id.desc()))


def public_list(filter_name: str, now: datetime, page: int | None = None) -> Page:
    """Published and rejected requests in one of the list's filters (all if none), newest
    first; the states come from the rules at `now`."""
    wanted = rules.FILTERS.get(filter_name)
    rows = [row for row in db.session.scalars(_moderated())
            if wanted is None or state_of(row, now) in wanted]
    number = page if page and 1 <= page <= max(1, -(-len(rows) // PER_PAGE)) else 1
    return page_of_list(rows, number, PER_PAGE)


def all_public() -> list[ConsultationRequest]:
    """Every published or rejected request (open data, the feed, the API)."""
    return list(db.session.scalars(_moderated()))


def waiting_for_moderation() -> sa.Select:
    """Requests a moderator has not yet published or rejected (the officers' digest)."""
    return sa.select(ConsultationRequest.id).where(ConsultationRequest.status == rules.PENDING)


def owing_an_answer() -> sa.Select:
    """Published requests past the threshold with no public answer yet (the officers' digest):
    no answer, or a consultation not (or no longer) published."""
    return (sa.select(ConsultationRequest.id)
            .outerjoin(Proposal, Proposal.id == ConsultationRequest.proposal_id)
            .where(ConsultationRequest.status == rules.PUBLISHED,
                   ConsultationRequest.reached_at.is_not(None),
                   sa.or_(ConsultationRequest.answer.is_(None),
                          sa.and_(ConsultationRequest.answer == rules.CONSULTATION,
                                  Proposal.status.in_(UNPUBLISHED)))))


def awaiting_moderation() -> list[ConsultationRequest]:
    return list(db.session.scalars(
        sa.select(ConsultationRequest).where(ConsultationRequest.status == rules.PENDING)
        .order_by(ConsultationRequest.created_at, ConsultationRequest.id)))


def awaiting_answer(now: datetime) -> list[ConsultationRequest]:
    """Published requests the council has not answered, those owing an answer first."""
    rows = [row for row in db.session.scalars(_moderated())
            if row.status == rules.PUBLISHED and rules.can_answer(facts_of(row))]
    return sorted(rows, key=lambda row: (row.answer_due_at is None,
                                         row.answer_due_at or row.published_at))


def own_pending(user: User) -> list[ConsultationRequest]:
    return list(db.session.scalars(
        sa.select(ConsultationRequest).where(ConsultationRequest.author_id == user.id,
                                             ConsultationRequest.status == rules.PENDING)
        .order_by(ConsultationRequest.id.desc())))


def signature_of(request_id: int, user: User) -> Signature | None:
    """The person's signature: theirs by mailbox identity or by account (as responses)."""
    return db.session.scalars(
        sa.select(Signature).where(Signature.request_id == request_id, sa.or_(
            Signature.signer_identity == identity.of(user), Signature.user_id == user.id))
        .order_by((Signature.user_id == user.id).desc(), Signature.id).limit(1)).first()


def counted(request_id: int) -> tuple[int, int]:
    """(local, twin-city) signatures that count: not withdrawn, not held, not invalidated."""
    rows = db.session.execute(
        sa.select(Signature.signer_type, sa.func.count()).where(
            Signature.request_id == request_id, Signature.withdrawn.is_(False),
            Signature.review_status == COUNTED).group_by(Signature.signer_type)).all()
    twin = sum(n for kind, n in rows if rules.group_of(kind) == rules.TWIN_GROUP)
    return sum(n for _, n in rows) - twin, twin


def held(request_id: int) -> list[Signature]:
    """Signatures held in a burst or invalidated, for the officer's review page."""
    return list(db.session.scalars(
        sa.select(Signature).where(Signature.request_id == request_id,
                                   Signature.withdrawn.is_(False),
                                   Signature.review_status != COUNTED)
        .order_by(Signature.review_status, Signature.id)))


def held_count(request_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Signature).where(
        Signature.request_id == request_id, Signature.withdrawn.is_(False),
        Signature.review_status == PENDING))


def signer_ids(request_id: int, after_user: int, limit: int) -> list[int]:
    """Accounts still signed (and counted), in id order from `after_user`: the answer's mail."""
    return list(db.session.scalars(
        sa.select(Signature.user_id).where(
            Signature.request_id == request_id, Signature.withdrawn.is_(False),
            Signature.review_status == COUNTED, Signature.user_id > after_user)
        .order_by(Signature.user_id).limit(limit)))


def answer_choices(request: ConsultationRequest) -> list[Proposal]:
    """Consultations that may answer the request: about its link and not withdrawn."""
    return list(db.session.scalars(
        sa.select(Proposal).where(Proposal.link_id == request.link_id,
                                  Proposal.status != proposal_rules.WITHDRAWN)
        .order_by(Proposal.id.desc())))


@dataclass(frozen=True)
class Summary:
    """What the request page, the API and open data show of one request at `now`."""

    state: str
    can_sign: bool
    local: int
    twin: int
    threshold: int


def summary(request: ConsultationRequest, now: datetime) -> Summary:
    facts = facts_of(request)
    return Summary(rules.state(facts, now), rules.signing_open(facts, now), request.local_count,
                   request.twin_count, request.threshold)
