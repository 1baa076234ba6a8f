"""A person's own data: everything held about them (right of access), and erasure.

Erasure anonymises rather than deletes: a response keeps counting under its receipt code,
a comment keeps its place in its thread, and the audit log (which holds no personal data)
keeps its chain. What goes is everything that says who the person is or what they wrote.
"""

from datetime import date, datetime

import sqlalchemy as sa

from ..domain.errors import DomainError
from ..domain.i18n import N_
from ..domain.roles import RESIDENT
from ..infrastructure import identity, passwords
from ..infrastructure.unit_of_work import load, use_case
from ..models import (
    AuditEntry,
    Comment,
    CommentReport,
    ConsultationRequest,
    Mail,
    Proposal,
    Response,
    ResponseVersion,
    Signature,
    User,
    db,
)
from ..queries import notification_queries
from . import audit_log, follows, responses

ERASED_NAME = "Deleted account"
REMOVED_COMMENT = "[Removed at the author's request]"
UNUSABLE_PASSWORD = "!erased"  # not an argon2 hash, so no password ever matches it
# Secrets are not handed out, even to their owner: a leaked download must not open the account.
SECRET_COLUMNS = frozenset({"password_hash", "totp_secret", "two_factor_secret",
                            "recovery_codes"})
RESPONSE_ACTIONS = ("response.submitted", "response.changed", "response.withdrawn")


class CannotErase(DomainError):
    """This account cannot be erased by its owner (a staff account, or already erased)."""


def erased_email(user_id: int) -> str:
    """Unique, and in the reserved .invalid domain (RFC 2606): no mail can ever reach it."""
    return f"erased-{user_id}@invalid"


def _plain(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def row(instance, *, skip=frozenset()) -> dict:
    """Every mapped column of a row, so a column added later is exported without a change."""
    return {prop.key: _plain(getattr(instance, prop.key))
            for prop in sa.inspect(instance.__class__).column_attrs if prop.key not in skip}


def _responses(user: User) -> list[Response]:
    return list(db.session.scalars(
        sa.select(Response).where(Response.user_id == user.id).order_by(Response.id)))


def _response_record(response: Response) -> dict:
    proposal = db.session.get(Proposal, response.proposal_id)
    return {**row(response), "consultation": proposal.title,
            "option": response.option.label if response.option else None,
            "check_code": responses.check_code(response.receipt_code),
            "versions": [row(version) for version in response.versions]}


def _commitments(found: list[Response]) -> set[str]:
    return {responses.commitment(version.receipt_code, version.option_id,
                                 version.respondent_type)
            for response in found for version in response.versions}


def _audit_entries(user: User, found: list[Response], comments: list[Comment]) -> list[dict]:
    """Entries about the person's account, comments and reasons, and their own votes' entries
    (matched by the commitment each one carries)."""
    # Account entries name a pseudonym; those written before it named the account id.
    subjects = {audit_log.account_subject(user), f"user:{user.id}",
                *(f"comment:{c.id}" for c in comments), *(f"reason:{r.id}" for r in found)}
    proposals = {f"proposal:{r.proposal_id}" for r in found}
    commitments = _commitments(found)
    candidates = db.session.scalars(sa.select(AuditEntry).where(sa.or_(
        AuditEntry.subject.in_(subjects),
        sa.and_(AuditEntry.action.in_(RESPONSE_ACTIONS), AuditEntry.subject.in_(proposals)),
    )).order_by(AuditEntry.lane, AuditEntry.seq))
    return [entry.as_chain_dict() for entry in candidates
            if entry.subject in subjects or (entry.details or {}).get("commitment") in commitments]


def export(user: User, *, now: datetime, controller: str) -> dict:
    """Everything held about one person, as plain JSON-ready data (right of access)."""
    found = _responses(user)
    comments = list(db.session.scalars(
        sa.select(Comment).where(Comment.author_id == user.id).order_by(Comment.id)))
    reports = db.session.scalars(
        sa.select(CommentReport).where(CommentReport.reporter_id == user.id)
        .order_by(CommentReport.id))
    return {
        "exported_at": now.isoformat(),
        "controller": controller,
        "account": row(user, skip=SECRET_COLUMNS),
        "responses": [_response_record(response) for response in found],
        "comments": [row(comment) for comment in comments],
        "reports_made": [row(report) for report in reports],
        "audit_entries": _audit_entries(user, found, comments),
        "follows": [row(follow, skip={"secret", "identity"}) for follow in
                    notification_queries.own_follows(user)],
        "emails": [row(sent, skip={"context", "identity"}) for sent in _mails(user)],
        "requests_made": [row(made) for made in db.session.scalars(
            sa.select(ConsultationRequest).where(ConsultationRequest.author_id == user.id)
            .order_by(ConsultationRequest.id))],
        "signatures": [row(signed, skip={"signer_identity"}) for signed in db.session.scalars(
            sa.select(Signature).where(Signature.user_id == user.id).order_by(Signature.id))],
    }


def _mails(user: User) -> list[Mail]:
    return list(db.session.scalars(sa.select(Mail).where(sa.or_(
        Mail.user_id == user.id, Mail.identity == identity.of(user),
        Mail.email == user.email)).order_by(Mail.id)))


def blank_responses(condition) -> int:
    """Blank the personal columns of matching responses and every version of them.

    The database allows exactly this UPDATE on response versions and refuses any other.
    Returns how many responses held something to remove.
    """
    personal = sa.or_(Response.reason != "", Response.organisation != "",
                      Response.postcode_district != "", Response.email_domain != "",
                      Response.address_hash.is_not(None))
    ids = list(db.session.scalars(sa.select(Response.id).where(condition, personal)))
    version_ids = sa.select(Response.id).where(condition)
    db.session.execute(
        sa.update(ResponseVersion)
        .where(ResponseVersion.response_id.in_(version_ids), sa.or_(
            ResponseVersion.reason != "", ResponseVersion.organisation != "",
            ResponseVersion.postcode_district != ""))
        .values(reason="", organisation="", postcode_district=""))
    if ids:
        db.session.execute(
            sa.update(Response).where(Response.id.in_(ids))
            .values(reason="", organisation="", postcode_district="", reason_status="none",
                    email_domain="", address_hash=None))
    return len(ids)


def _check_erasable(user: User, password: str) -> None:
    if user.anonymised_at is not None:
        raise CannotErase(N_("This account has already been deleted"))
    if user.role != RESIDENT:
        raise CannotErase(N_("Staff accounts cannot be deleted here. Ask an administrator to "
                             "make your account a resident account first."), field="password")
    if not passwords.check_password(user.password_hash, password):
        raise DomainError(N_("Your password is not correct"), field="password")


@use_case
def erase_account(*, user_id: int, password: str, now: datetime) -> dict:
    """A resident deletes their account: personal data is anonymised, their responses keep
    counting, their comments keep their place, and the audit log records it without a name."""
    user = load(User, user_id)
    _check_erasable(user, password)
    follows.forget(user)  # what they follow, and every email record, before the address goes
    counts = {"responses": blank_responses(Response.user_id == user.id),
              "comments": db.session.execute(
                  sa.update(Comment).where(Comment.author_id == user.id)
                  .values(body=REMOVED_COMMENT)).rowcount}
    # signatures on requests keep counting, without the network and domain they came from
    signatures = db.session.execute(sa.update(Signature).where(Signature.user_id == user.id)
                                    .values(email_domain="", address_hash=None)).rowcount
    if signatures:
        counts["signatures"] = signatures
    user.email = user.email_normalised = erased_email(user.id)
    user.display_name, user.password_hash = ERASED_NAME, UNUSABLE_PASSWORD
    user.email_verified_at = user.last_login_at = None
    user.totp_secret = user.totp_last_step = None
    user.session_version += 1  # signs out every session, on every device
    user.anonymised_at = now
    audit_log.append(actor=RESIDENT, action="account.erased",
                     subject=audit_log.account_subject(user),
                     details=counts, now=now)
    return counts
