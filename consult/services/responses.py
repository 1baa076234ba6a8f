"""Responding: one current response per person per proposal, changeable until the close."""

import hashlib
from datetime import datetime

import sqlalchemy as sa

from ..domain import proposals, receipts, voting
from ..domain.i18n import N_
from ..infrastructure import identity
from ..infrastructure.unit_of_work import load, use_case
from ..models import Proposal, Response, ResponseVersion, User, db
from . import audit_log, consultation_history, follows, response_bursts


def check_code(receipt: str) -> str:
    """A secret shown only to the respondent, beside their receipt.

    Receipt codes are published after the close, so a commitment made of the receipt and the
    choice alone could be matched by trying every option. Keyed with the server's secret, the
    check code makes the commitment opaque to everyone but the respondent (and the server).
    """
    return identity.keyed_hash("check-code", receipt)[:32]


def commitment(receipt: str, option_id: int | None, respondent_type: str) -> str:
    """What the audit log keeps of a vote: checkable with the receipt and check code only."""
    text = f"{receipt}:{option_id}:{respondent_type}:{check_code(receipt)}"
    return hashlib.sha256(text.encode()).hexdigest()


def current_for(proposal_id: int, user: User) -> Response | None:
    """The person's response to the proposal: theirs by mailbox identity (made by an account
    since erased at the same mailbox, or by another account there) or by account."""
    return db.session.scalars(
        sa.select(Response).where(Response.proposal_id == proposal_id, sa.or_(
            Response.respondent_identity == identity.of(user), Response.user_id == user.id))
        .order_by((Response.user_id == user.id).desc(), Response.id).limit(1)).first()


def _version(response: Response, action: str, now: datetime) -> ResponseVersion:
    version = ResponseVersion(
        response=response, version=response.version, action=action,
        option_id=None if response.withdrawn else response.option_id,
        respondent_type=response.respondent_type, organisation=response.organisation,
        postcode_district=response.postcode_district, reason=response.reason,
        language=response.language, receipt_code=response.receipt_code, created_at=now)
    db.session.add(version)
    return version


def _choice_of(response: Response | None) -> voting.Choice | None:
    """The choice a current response stands for (None if there is none to keep)."""
    if response is None or response.withdrawn:
        return None
    return voting.Choice(response.option_id, response.respondent_type, response.organisation,
                         response.postcode_district, response.reason)


def _check(proposal: Proposal, user: User, now: datetime) -> None:
    proposals.require_open(proposal.status, proposal.window, now,
                       closed_early=proposal.closed_early_at is not None)
    voting.check_respondent(user.is_verified)


@use_case(shared_by="respondent")
def respond(*, proposal_id: int, respondent_id: int, choice: voting.Choice, now: datetime,
            client: str | None = None, hear_outcome: bool = True,
            language: str = "") -> Response:
    """Submit or change a response; the latest counts and every version is kept. A change
    that changes nothing is refused (NothingChanged): no new version, receipt or audit entry.

    A first response from a network address or email domain over its rate is held for review
    (services/response_bursts.py) without a word to the respondent; a change keeps the
    response's review status. `client` is the address the app trusts, None off the web.
    One person is one mailbox identity (infrastructure/identity.py), not one account: a person who
    erased their account and registered again at the same mailbox changes the response they
    made before, which the new account takes over. Concurrent submissions by one person queue
    on their lock (infrastructure/unit_of_work.py): the later one becomes a change of the first.
    `language` is the interface language it was written in (a change in it alone changes
    nothing).
    """
    proposal, user = load(Proposal, proposal_id), load(User, respondent_id)
    _check(proposal, user, now)
    choice = voting.check_choice(choice, {option.id for option in proposal.options})
    consultation_history.settle(proposal, now)
    response = current_for(proposal.id, user)
    if response is not None and response.user_id == user.id:
        # the same account sending its response again; a new account at the same mailbox
        # taking its response over is a change even with the same choice (a new receipt)
        voting.require_change(_choice_of(response), choice)
    action = "changed" if response else "submitted"
    if response is None:
        response = Response(proposal_id=proposal.id, user_id=user.id, created_at=now, version=0,
                            respondent_identity=identity.of(user))
        response_bursts.mark_new(response, user.email, client, now)
        db.session.add(response)
    response.user_id = user.id  # a new account at the same mailbox takes the response over
    response.option_id, response.respondent_type = choice.option_id, choice.respondent_type
    response.organisation = choice.organisation
    response.postcode_district = choice.postcode_district
    response.reason, response.language = choice.reason, language
    response.reason_status = "pending" if choice.reason else "none"
    response.withdrawn, response.updated_at = False, now
    response.receipt_code, response.version = receipts.new(), response.version + 1
    db.session.flush()
    _version(response, action, now)
    follows.follow_outcome(user, proposal, hear_outcome, now)  # unless they unticked it
    audit_log.append(actor="resident", action=f"response.{action}",
                     subject=f"proposal:{proposal.id}",
                     details={"commitment": commitment(response.receipt_code, choice.option_id,
                                                       choice.respondent_type)},
                     now=now, respondent=user)
    return response


@use_case(shared_by="respondent")
def withdraw(*, proposal_id: int, respondent_id: int, now: datetime) -> Response:
    """Withdraw a response before the close; it stops counting, and the history keeps it."""
    proposal, user = load(Proposal, proposal_id), load(User, respondent_id)
    _check(proposal, user, now)
    response = current_for(proposal.id, user)
    if response is None or response.withdrawn:
        raise voting.NoCurrentResponse(N_("You have no response to withdraw"))
    response.user_id = user.id
    response.withdrawn, response.updated_at = True, now
    response.version += 1
    response.reason_status = "none" if response.reason_status != "hidden" else "hidden"
    db.session.flush()
    _version(response, "withdrawn", now)
    audit_log.append(actor="resident", action="response.withdrawn",
                     subject=f"proposal:{proposal.id}",
                     details={"commitment": commitment(response.receipt_code, None,
                                                       response.respondent_type)},
                     now=now, respondent=user)
    return response
