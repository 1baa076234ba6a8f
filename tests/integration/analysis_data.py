"""Consultations with reasons to analyse (issue 17), made through the real services."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from consult.domain import voting
from consult.models import AuditEntry, ReasonRead, ReasonTag, Response, User, db
from consult.services import discussion, responses
from tests.factories import make_proposal, make_user

REASONS = ("The link keeps schools in touch.", "Suspend it: safety comes first.",
           "Это важно для нашего города.", "Cadwch y cysylltiad, os gwelwch yn dda.")


def reasons_consultation(texts=REASONS, *, status: str = "open", now: datetime | None = None,
                         groups=(voting.LOCAL, voting.TWIN_CITY), languages=("", "", "ru", "cy")):
    """A consultation with one response per text: options and groups alternate, languages as
    given (cycled). Returns (proposal, responses in order)."""
    now = now or datetime.now(UTC)
    proposal = make_proposal(status=status, options=["Support", "Oppose"], now=now,
                             opens_at=now - timedelta(days=43 if status == "closed" else 1))
    when = proposal.opens_at + timedelta(hours=1)
    made = []
    for number, text in enumerate(texts):
        choice = voting.Choice(proposal.options[number % 2].id, groups[number % len(groups)],
                               reason=text)
        made.append(responses.respond(
            proposal_id=proposal.id, respondent_id=make_user().id, choice=choice,
            now=when + timedelta(seconds=number), language=languages[number % len(languages)]))
    return proposal, made


def publish(response, officer_user) -> None:
    discussion.moderate_reason(response_id=response.id, publish=True, moderator=officer_user,
                               now=datetime.now(UTC))


def tagged(theme_id: int) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(sa.select(ReasonTag.response_id)
                                  .where(ReasonTag.theme_id == theme_id)))


def reads() -> dict[int, int]:
    db.session.expire_all()
    return dict(db.session.execute(sa.select(ReasonRead.response_id, ReasonRead.version)).all())


def entries(prefix: str = "analysis.") -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action.startswith(prefix, autoescape=True)).order_by(AuditEntry.seq)))


def ids(found) -> list[int]:
    return [row.id for row in found]


def response(response_id: int) -> Response:
    db.session.expire_all()
    return db.session.get(Response, response_id)


def bulk_reasons(proposal, count: int, *, text: str = "Reason number {n}") -> list[int]:
    """`count` more responses with reasons, inserted in two statements (residents, then their
    responses): thousands through the services would take minutes. Returns their ids."""
    from consult.infrastructure import identity

    now = datetime.now(UTC)
    emails = [f"bulk{proposal.id}-{n}@example.org" for n in range(count)]
    people = [{"email": email, "email_normalised": email, "display_name": f"Bulk {n}",
               "password_hash": "x", "role": "resident", "created_at": now}
              for n, email in enumerate(emails)]
    user_ids = list(db.session.scalars(sa.insert(User.__table__).returning(
        User.__table__.c.id, sort_by_parameter_order=True), people))
    rows = [{"proposal_id": proposal.id, "user_id": user_id,
             "respondent_identity": identity.keyed_hash(identity.MAILBOX, email),
             "option_id": proposal.options[n % 2].id,
             "respondent_type": (voting.LOCAL, voting.TWIN_CITY)[n % 2],
             "organisation": "", "postcode_district": "", "reason": text.format(n=n),
             "reason_status": "pending", "receipt_code": f"BULK-{user_id:08d}",
             "withdrawn": False, "version": 1, "created_at": now, "updated_at": now}
            for n, (user_id, email) in enumerate(zip(user_ids, emails, strict=True))]
    db.session.execute(sa.insert(Response.__table__), rows)
    db.session.commit()
    return list(db.session.scalars(sa.select(Response.id).where(
        Response.proposal_id == proposal.id, Response.receipt_code.like("BULK-%"))
        .order_by(Response.id)))
