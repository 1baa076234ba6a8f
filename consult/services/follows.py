"""Following everything, a twin link or a consultation's outcome; confirming by email (double
opt-in); changing how often; stopping, from the account page or from any mail without signing in.

A follow belongs to a mailbox (its identity), not an account: one per person per target. A
verified account following with its own address is confirmed at once; any other address must
say yes from its own mailbox first, so nobody can sign someone else up.
"""

import secrets
from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa

from ..domain import emails
from ..domain import notifications as rules
from ..domain.errors import DomainError, InvalidToken
from ..domain.i18n import N_
from ..infrastructure import identity, outbox, tokens
from ..infrastructure.unit_of_work import use_case
from ..models import Mail, Proposal, Subscription, TwinLink, User, db
from ..queries import notification_queries as queries

EMAIL_FORMAT = N_("Enter an email address in the correct format, like name@example.com")
FOLLOWING, CHECK_EMAIL = "following", "check_email"


def _target(target: str, target_id: int | None) -> tuple[str, dict]:
    """The follow key and its columns; a link or consultation that does not exist is refused."""
    key = rules.target_key(target, target_id)
    if target == rules.LINK and db.session.get(TwinLink, target_id) is None:
        raise LookupError(f"No link {target_id}")
    if target == rules.PROPOSAL and db.session.get(Proposal, target_id) is None:
        raise LookupError(f"No proposal {target_id}")
    columns = {"link_id": target_id if target == rules.LINK else None,
               "proposal_id": target_id if target == rules.PROPOSAL else None}
    return key, columns


def _find(mailbox: str, key: str) -> Subscription | None:
    return db.session.scalar(sa.select(Subscription).where(
        Subscription.identity == mailbox, Subscription.target_key == key))


def _new(address: str, mailbox: str, key: str, columns: dict, target: str, now: datetime,
         *, user: User | None = None, source: str = "follow",
         language: str = "en") -> Subscription:
    row = Subscription(email=address, identity=mailbox, target_key=key, language=language,
                       frequency=rules.DEFAULT_FREQUENCY[target], source=source,
                       secret=secrets.token_hex(16), created_at=now,
                       user_id=user.id if user else None, confirmed_at=now if user else None,
                       **columns)
    db.session.add(row)
    db.session.flush()
    return row


@use_case
def follow(*, target: str, target_id: int | None, email: str | None, actor: User | None,
           link_for: Callable[..., str], partner: str | None, now: datetime,
           language: str = "en") -> str:
    """Follow `target`: at once for a verified account's own address (FOLLOWING), otherwise
    after a yes from the mailbox (CHECK_EMAIL, said whether or not it already followed)."""
    own = actor is not None and actor.is_authenticated and actor.is_verified
    address = actor.email if own and not email else (email or "").strip()
    if len(address) > emails.MAX_LENGTH or emails.canonical(address) is None:
        raise DomainError(EMAIL_FORMAT, field="email")
    key, columns = _target(target, target_id)
    mailbox = identity.mailbox_identity(address)
    found = _find(mailbox, key)
    if own and mailbox == identity.of(actor):
        if found is None:
            _new(actor.email, mailbox, key, columns, target, now, user=actor, language=language)
        elif found.confirmed_at is None:
            found.confirmed_at, found.user_id = now, actor.id
        return FOLLOWING
    if found is None:
        found = _new(address, mailbox, key, columns, target, now, language=language)
    if found.confirmed_at is None:
        token = tokens.make(tokens.CONFIRM_FOLLOW, {"s": found.id, "k": found.secret})
        outbox.queue_mail(email=address, kind="confirm", template="confirm_follow",
                          context={"subject": N_("Confirm you want emails about twinning "
                                                 "consultations"), "partner": partner,
                                   "url": link_for("public.confirm_follow", token=token)},
                          now=now)
    return CHECK_EMAIL


def _confirmable(token: str) -> Subscription:
    payload = tokens.read(tokens.CONFIRM_FOLLOW, token)
    found = db.session.get(Subscription, payload.get("s")) if type(payload.get("s")) is int \
        else None
    if found is None or found.secret != payload.get("k"):
        raise InvalidToken(N_("This link is no longer valid: you may have stopped following "
                              "since. Follow again to get a new one."))
    return found


def subscription_for_confirmation(token: str) -> Subscription:
    """The follow a confirmation link is for (shown before the button is pressed)."""
    return _confirmable(token)


@use_case
def confirm(token: str, *, now: datetime) -> Subscription:
    """The mailbox said yes: the follow starts (pressing twice changes nothing)."""
    found = _confirmable(token)
    if found.confirmed_at is None:
        found.confirmed_at = now
    return found


def follows_named(token: str) -> tuple[list[Subscription], User | None]:
    """The follows a mail's link names that still exist with the same secret, and the officer
    whose work digest it was, if it was one."""
    pairs, work = tokens.read_follows_token(token)
    found = []
    for follow_id, secret in pairs:
        row = db.session.get(Subscription, follow_id)
        if row is not None and row.secret == secret:
            found.append(row)
    officer = None
    if work is not None:
        user = db.session.get(User, work[0])
        if user is not None and tokens.fingerprint(user.email) == work[1]:
            officer = user
    return found, officer


@use_case
def unsubscribe(token: str, *, now: datetime) -> int:
    """Stop every follow a mail's link names (and an officer's work digest): no sign-in, one
    POST. Returns how many follows stopped; stopping twice is not an error."""
    found, officer = follows_named(token)
    for row in found:
        db.session.delete(row)
    if officer is not None:
        officer.work_digest = False
    return len(found)


@use_case
def change_by_token(token: str, *, frequencies: dict[int, str], stop: set[int],
                    now: datetime) -> None:
    """From a mail's link: how often each named follow mails, or stop some."""
    found, _ = follows_named(token)
    _change(found, frequencies, stop)


@use_case
def change_own(*, actor: User, frequencies: dict[int, str], stop: set[int], work_digest: bool,
               now: datetime) -> None:
    """From /account/notifications: the signed-in person's own follows."""
    _change(queries.own_follows(actor), frequencies, stop)
    actor.work_digest = work_digest


def _change(found: list[Subscription], frequencies: dict[int, str], stop: set[int]) -> None:
    for row in found:
        if row.id in stop:
            db.session.delete(row)
        elif row.id in frequencies:
            row.frequency = rules.check_frequency(frequencies[row.id])


def follow_outcome(user: User, proposal: Proposal, wanted: bool, now: datetime) -> None:
    """Inside a response: the respondent hears how the consultation ends, unless they unticked
    it (which also stops such a follow made by an earlier response)."""
    key = rules.target_key(rules.PROPOSAL, proposal.id)
    mailbox = identity.of(user)
    found = _find(mailbox, key)
    if wanted and found is None:
        _new(user.email, mailbox, key, {"link_id": None, "proposal_id": proposal.id},
             rules.PROPOSAL, now, user=user, source="response")
    elif wanted and found.confirmed_at is None:
        found.confirmed_at, found.user_id = now, user.id
    elif not wanted and found is not None:
        db.session.delete(found)


def forget(user: User) -> None:
    """Account erasure: every follow and every mail of the mailbox goes (inside its unit of
    work)."""
    mailbox = identity.of(user)
    db.session.execute(sa.delete(Subscription).where(sa.or_(
        Subscription.identity == mailbox, Subscription.user_id == user.id)))
    db.session.execute(sa.delete(Mail).where(sa.or_(
        Mail.identity == mailbox, Mail.user_id == user.id, Mail.email == user.email)))

