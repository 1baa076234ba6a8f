"""Requests for a consultation: asking, moderating, signing, withdrawing, answering.

Every use case that changes a signature recounts the request's signatures from the rows before
it commits, holding the write lock alone (`@use_case`, exclusive on both databases), so the
counts on the request are always those of its rows and the moment the threshold is reached is
the moment of the signature that reached it.
"""

from collections.abc import Callable
from datetime import datetime

from flask import current_app

from ..domain import requests as rules
from ..domain.i18n import N_
from ..infrastructure import identity, outbox
from ..infrastructure.unit_of_work import load, use_case
from ..models import ConsultationRequest, Proposal, Signature, TwinLink, User, db
from ..queries import request_queries
from . import audit_log, signature_bursts

ANSWER_MAIL = "request_answer"


def _subject(request: ConsultationRequest) -> str:
    return f"request:{request.id}"


def _require_verified(user: User, field: str) -> None:
    if not user.is_verified:
        raise rules.RequestError(N_("Confirm your email address first. We sent you a link when "
                                    "you registered; you can ask for a new one on your account "
                                    "page."), field=field)


@use_case
def submit(*, author: User, draft: rules.Draft, now: datetime,
           language: str = "") -> ConsultationRequest:
    """A verified resident asks for a consultation; it waits for a moderator."""
    _require_verified(author, "title")
    link_ids = set(db.session.scalars(db.select(TwinLink.id)))
    draft = rules.check_draft(draft, link_ids)
    request = ConsultationRequest(link_id=draft.link_id, action=draft.action, title=draft.title,
                                  reason=draft.reason, language=language, author_id=author.id,
                                  status=rules.PENDING, created_at=now)
    db.session.add(request)
    db.session.flush()
    # Not the words: a request rejected for personal information must not keep them public in
    # the append-only log.
    audit_log.append(actor=author, action="request.submitted", subject=_subject(request),
                     details={"link_id": draft.link_id, "action": draft.action}, now=now)
    return request


@use_case
def publish(*, request_id: int, moderator: User, now: datetime) -> ConsultationRequest:
    """A moderator publishes a pending request: signatures are taken from now for
    CONSULT_REQUEST_DAYS days, towards the CONSULT_REQUEST_THRESHOLD in force now."""
    request = load(ConsultationRequest, request_id)
    rules.require_pending(request.status)
    config = current_app.config
    _moderated(request, rules.PUBLISHED, moderator, now)
    request.published_at = now
    request.closes_at = rules.closes_at(now, config["CONSULT_REQUEST_DAYS"])
    request.threshold = config["CONSULT_REQUEST_THRESHOLD"]
    audit_log.append(actor=moderator, action="request.published", subject=_subject(request),
                     details={"closes_at": request.closes_at.isoformat(),
                              "threshold": request.threshold}, now=now)
    return request


@use_case
def reject(*, request_id: int, code: str, moderator: User,
           now: datetime) -> ConsultationRequest:
    """A moderator rejects a pending request with one of the coded public reasons."""
    request = load(ConsultationRequest, request_id)
    rules.require_pending(request.status)
    request.rejection_code = rules.check_rejection(code)
    _moderated(request, rules.REJECTED, moderator, now)
    audit_log.append(actor=moderator, action="request.rejected", subject=_subject(request),
                     details={"reason": code}, now=now)
    return request


def _moderated(request: ConsultationRequest, status: str, moderator: User,
               now: datetime) -> None:
    request.status, request.moderated_at, request.moderated_by_id = status, now, moderator.id


def recount(request: ConsultationRequest, now: datetime) -> None:
    """The counts from the rows; the first time the local count reaches the threshold, that
    moment and the answer's due date are kept. Inside the caller's unit of work."""
    db.session.flush()
    request.local_count, request.twin_count = request_queries.counted(request.id)
    if rules.reaches_threshold(request_queries.facts_of(request), request.local_count):
        request.reached_at = now
        request.answer_due_at = rules.answer_due_at(
            now, current_app.config["CONSULT_REQUEST_ANSWER_DAYS"])
        audit_log.append(actor=None, action="request.threshold_reached",
                         subject=_subject(request),
                         details={"local": request.local_count, "threshold": request.threshold,
                                  "answer_due_at": request.answer_due_at.isoformat()}, now=now)


@use_case
def sign(*, request_id: int, signer_id: int, signer_type: str, now: datetime,
         client: str | None = None) -> Signature:
    """One signature per person (mailbox identity) while the request is open; a withdrawn one
    may be given again. A first signature in a burst is held for review (domain/abuse.py)."""
    request, user = load(ConsultationRequest, request_id), load(User, signer_id)
    rules.require_signing_open(request_queries.facts_of(request), now)
    _require_verified(user, "signer_type")
    signer_type = rules.check_signer_type(signer_type)
    signature = request_queries.signature_of(request.id, user)
    if signature is not None and not signature.withdrawn:
        raise rules.AlreadySigned(N_("You have already signed this request"),
                                  field="signer_type")
    if signature is None:
        signature = Signature(request_id=request.id, user_id=user.id, created_at=now,
                              signer_identity=identity.of(user))
        signature_bursts.mark_new(signature, user.email, client, now)
        db.session.add(signature)
    signature.user_id, signature.signer_type = user.id, signer_type
    signature.withdrawn, signature.updated_at = False, now
    recount(request, now)
    audit_log.append(actor="resident", action="signature.given", subject=_subject(request),
                     details={"group": rules.group_of(signer_type)}, now=now, respondent=user)
    return signature


@use_case
def withdraw(*, request_id: int, signer_id: int, now: datetime) -> Signature:
    """A signature can be withdrawn until the request closes; it then counts nowhere."""
    request, user = load(ConsultationRequest, request_id), load(User, signer_id)
    rules.require_signing_open(request_queries.facts_of(request), now)
    signature = request_queries.signature_of(request.id, user)
    if signature is None or signature.withdrawn:
        raise rules.NotSigned(N_("You have not signed this request"))
    signature.withdrawn, signature.updated_at = True, now
    recount(request, now)
    audit_log.append(actor="resident", action="signature.withdrawn", subject=_subject(request),
                     details={"group": rules.group_of(signature.signer_type)}, now=now,
                     respondent=user)
    return signature


@use_case
def answer_with_consultation(*, request_id: int, proposal_id: int, actor: User, now: datetime,
                             link_for: Callable[..., str] | None = None) -> ConsultationRequest:
    """An officer answers with a consultation about the same link (a draft or one already
    published). The request shows as answered once that consultation is published."""
    request = load(ConsultationRequest, request_id)
    rules.require_answerable(request_queries.facts_of(request))
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        raise rules.RequestError(N_("Choose a consultation"), field="proposal")
    rules.check_consultation_link(request.link_id, proposal.link_id, proposal.status)
    _answer(request, rules.CONSULTATION, actor, now)
    request.proposal_id, request.refusal_reason = proposal.id, ""
    audit_log.append(actor=actor, action="request.answered", subject=_subject(request),
                     details={"answer": rules.CONSULTATION, "proposal_id": proposal.id},
                     now=now)
    _tell_signers(request, rules.CONSULTATION, now, link_for)
    return request


@use_case
def refuse(*, request_id: int, reason: str, actor: User, now: datetime,
           link_for: Callable[..., str] | None = None) -> ConsultationRequest:
    """An officer publishes the council's reasoned refusal to consult."""
    request = load(ConsultationRequest, request_id)
    rules.require_answerable(request_queries.facts_of(request))
    reason = rules.check_refusal(reason)
    _answer(request, rules.REFUSAL, actor, now)
    request.proposal_id, request.refusal_reason = None, reason
    audit_log.append(actor=actor, action="request.refused", subject=_subject(request),
                     details={"answer": rules.REFUSAL, "reason": reason}, now=now)
    _tell_signers(request, rules.REFUSAL, now, link_for)
    return request


def _answer(request: ConsultationRequest, answer: str, actor: User, now: datetime) -> None:
    request.answer, request.answered_at, request.answered_by_id = answer, now, actor.id


def _tell_signers(request: ConsultationRequest, answer: str, now: datetime,
                  link_for: Callable[..., str] | None, batch: int = 1000) -> None:
    """One mail to each account still signed (and counted), written with the answer in the
    same transaction (the outbox): a rollback sends nothing. Once per person per answer."""
    url = link_for("public.request", request_id=request.id) if link_for else ""
    after = 0
    while ids := request_queries.signer_ids(request.id, after, batch):
        for user in db.session.scalars(db.select(User).where(User.id.in_(ids))):
            if user.is_verified and user.anonymised_at is None:
                outbox.queue_mail(
                    email=user.email, kind="request", template=ANSWER_MAIL, user_id=user.id,
                    now=now, dedupe_key=_dedupe(request, answer, user, now),
                    context={"subject": rules.ANSWER_SUBJECTS[answer], "title": request.title,
                             "answer": answer, "url": url,
                             "reasons": request.refusal_reason})
        after = ids[-1]


def _dedupe(request: ConsultationRequest, answer: str, user: User, now: datetime) -> str:
    """One mail per person per answer (a consultation withdrawn and answered again is a new
    answer)."""
    return f"request-{request.id}-{answer}-{int(now.timestamp())}-{identity.of(user)[:40]}"
