"""Read-only queries on the audit log: its head (signed), filtered pages, one entry, the full
export."""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa

from .. import signing
from ..domain import audit
from ..domain.i18n import N_, translate
from ..domain.roles import RESIDENT
from ..infrastructure import identity
from ..models import AuditEntry, ModerationAction, User, db
from .moderation_queries import ACTION_LABELS, TARGET_LABELS
from .paging import Page, page_of_select

PAGE_SIZE = 50
EXPORT_BATCH = 500
ROLE_CHANGED = "account.role_changed"
# What a moderation action was done to, as the staff actions page names it
TARGETS = {"comment": N_("Comment %(id)s"), "reason": N_("Reason %(id)s")}


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    occurred_at: datetime | None = None


def head(lane: int = audit.MAIN_LANE) -> Head:
    """A lane's latest entry's sequence number and hash (the main lane's unless told): an empty
    lane's head is the genesis hash. The main lane's head vouches for every anchored entry."""
    latest = db.session.execute(
        sa.select(AuditEntry.seq, AuditEntry.hash, AuditEntry.occurred_at)
        .where(AuditEntry.lane == lane).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return Head(latest.seq, latest.hash, latest.occurred_at) if latest else Head(0, audit.GENESIS)


@dataclass(frozen=True)
class LogHead:
    """The whole log at one moment: the main lane's head, and each lane's last seq (seqs run
    from 1 without gaps, so together they count every entry)."""

    seq: int
    hash: str
    occurred_at: datetime | None
    lane_seqs: tuple[int, ...]

    @property
    def entries(self) -> int:
        return sum(self.lane_seqs)

    def signed(self) -> dict:
        """This head signed with the service's key (audit.signed_head)."""
        signer = signing.signer()
        statement = audit.head_statement(self.seq, self.hash, self.entries)
        return audit.signed_head(self.seq, self.hash, self.entries,
                                 public_key=signer.public_key, signature=signer.sign(statement))


def log_head() -> LogHead:
    """Every lane's newest entry, read in one statement (so one snapshot on PostgreSQL too)."""
    newest = [sa.select(AuditEntry.lane, AuditEntry.seq, AuditEntry.hash, AuditEntry.occurred_at)
              .where(AuditEntry.lane == lane).order_by(AuditEntry.seq.desc()).limit(1).subquery()
              for lane in range(audit.LANES + 1)]
    rows = {row.lane: row for row in db.session.execute(
        sa.union_all(*(sa.select(each) for each in newest)))}
    main = rows.get(audit.MAIN_LANE)
    seqs = tuple(rows[lane].seq if lane in rows else 0 for lane in range(audit.LANES + 1))
    if main is None:
        return LogHead(0, audit.GENESIS, None, seqs)
    return LogHead(main.seq, main.hash, main.occurred_at, seqs)


def _conditions(wanted) -> list:
    conditions = []
    if wanted.family:
        conditions.append(AuditEntry.action.startswith(f"{wanted.family}.", autoescape=True))
    if wanted.subject:
        conditions.append(AuditEntry.subject == wanted.subject)
    if wanted.since():
        conditions.append(AuditEntry.occurred_at >= wanted.since())
    if wanted.before():
        conditions.append(AuditEntry.occurred_at < wanted.before())
    return conditions


def entries(wanted, page: int | None) -> Page:
    """Entries matching the filter (an audit_filters.AuditFilter), newest first: by time, then
    lane and seq, so that every entry has one place and pages neither repeat nor skip."""
    query = (sa.select(AuditEntry).where(*_conditions(wanted))
             .order_by(AuditEntry.occurred_at.desc(), AuditEntry.lane.desc(),
                       AuditEntry.seq.desc()))
    return page_of_select(query, page, PAGE_SIZE, clamp=True)


def entry(seq: int, lane: int = audit.MAIN_LANE) -> AuditEntry | None:
    return db.session.get(AuditEntry, (lane, seq))


def export(up_to: LogHead) -> Iterator[dict]:
    """Every entry as domain.audit hashes it, lane by lane in (lane, seq) order, the order the
    verifier reads; each lane up to its seq in `up_to`, so the export holds exactly
    `up_to.entries` entries; read in batches."""
    within = [sa.and_(AuditEntry.lane == lane, AuditEntry.seq <= seq)
              for lane, seq in enumerate(up_to.lane_seqs) if seq]
    rows = db.session.scalars(
        sa.select(AuditEntry).where(sa.or_(sa.false(), *within))
        .order_by(AuditEntry.lane, AuditEntry.seq)
        .execution_options(yield_per=EXPORT_BATCH))
    for row in rows:
        yield row.as_chain_dict()


@dataclass(frozen=True)
class StaffAction:
    """One moderation decision or role change: who, when, what, to what, why. The page's own
    words (what was done, to what) are in the reader's language; names, the moderator's reason
    and the roles as the log records them are not translated."""

    when: datetime
    who: str
    action: str
    target: str
    detail: str
    seq: int | None = None  # the audit entry, for role changes


def _staff_union():
    moderation = sa.select(ModerationAction.created_at.label("at"), sa.literal("m").label("kind"),
                           ModerationAction.id.label("key"))
    roles = sa.select(AuditEntry.occurred_at.label("at"), sa.literal("a").label("kind"),
                      AuditEntry.seq.label("key")).where(
                          AuditEntry.lane == audit.MAIN_LANE, AuditEntry.action == ROLE_CHANGED)
    return sa.union_all(moderation, roles).subquery()


def _account(subject: str, staff: dict[str, User]) -> User | None:
    """The account an entry names: by id in entries made before 0010, by pseudonym after."""
    user_id = subject.removeprefix("user:")
    if user_id.isdigit():
        return db.session.get(User, int(user_id))
    return staff.get(subject)


def _staff_by_subject() -> dict[str, User]:
    """Staff accounts by the pseudonym the log names them by. A role change names its
    account by pseudonym only (infrastructure/identity.py); one demoted to resident since stays
    unnamed here rather than every resident's pseudonym being computed."""
    people = db.session.scalars(sa.select(User).where(User.role != RESIDENT))
    return {identity.account_subject(user.id): user for user in people}


def _role_change(entry: AuditEntry, staff: dict[str, User]) -> StaffAction:
    user = _account(entry.subject, staff)
    target = (translate(N_("%(name)s (account %(id)s)"), {"name": user.display_name,
                                                          "id": user.id})
              if user else entry.subject)
    # TRANSLATORS: a role change; the roles are the codes the log records (resident, officer)
    detail = translate(N_("%(old)s to %(new)s"), {"old": entry.details.get("from", "?"),
                                                  "new": entry.details.get("to", "?")})
    return StaffAction(entry.occurred_at, entry.actor, translate(N_("Role changed")), target,
                       detail, entry.seq)


def _moderation(action: ModerationAction) -> StaffAction:
    if action.target_type in TARGETS:
        target = translate(TARGETS[action.target_type], {"id": action.target_id})
    else:
        target = f"{TARGET_LABELS.get(action.target_type, action.target_type)} {action.target_id}"
    label = ACTION_LABELS.get(action.action)
    return StaffAction(action.created_at, action.moderator,
                       translate(label) if label else action.action, target, action.reason)


def _staff_action(kind: str, key: int, staff: dict[str, User]) -> StaffAction:
    if kind == "a":
        return _role_change(db.session.get(AuditEntry, (audit.MAIN_LANE, key)), staff)
    return _moderation(db.session.get(ModerationAction, key))


def staff_actions(page: int | None) -> Page:
    """Moderation decisions and role changes, newest first."""
    union = _staff_union()
    keys = page_of_select(sa.select(union.c.kind, union.c.key)
                          .order_by(union.c.at.desc(), union.c.key.desc()),
                          page, PAGE_SIZE, clamp=True)
    staff = _staff_by_subject() if any(kind == "a" for kind, _ in keys.items) else {}
    return replace(keys, items=[_staff_action(kind, key, staff) for kind, key in keys.items])
