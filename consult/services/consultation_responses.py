"""Publishing the consultation response ("you said, we did") and dated corrections to it."""

from datetime import datetime

import sqlalchemy as sa

from ..domain import consultation_response, voting
from ..domain.errors import DomainError
from ..infrastructure.unit_of_work import use_case
from ..models import ConsultationResponse, ConsultationResponseNote, Proposal, User, db
from ..queries import results
from . import audit_log, consultation_history, link_history


def get_for(proposal_id: int) -> ConsultationResponse | None:
    return db.session.scalars(sa.select(ConsultationResponse).filter_by(
        proposal_id=proposal_id)).first()


def totals(proposal: Proposal) -> dict:
    """The counts as results.tally makes them: never typed by anyone."""
    result = results.tally(proposal)
    return {"total": result["total"], "line": results.summary_line(result),
            "rows": _rows(result["overall"]),
            "groups": [{"group": group["group"], "label": group["label"],
                        "total": group["total"], "rows": _rows(group["rows"])}
                       for group in voting.headline_groups(result)]}


def _rows(rows) -> list[dict]:
    return [{"option_id": row.option_id, "label": row.label, "count": row.count,
             "percent": row.percent} for row in rows]


@use_case
def publish(proposal: Proposal, summary: str, themes: list[consultation_response.Theme], *,
            actor: User, now: datetime) -> ConsultationResponse:
    """Publish once, after the close: what was heard, the themes, and the council's answers."""
    consultation_history.settle(proposal, now)
    consultation_response.check_publishable(proposal.status_at(now),
                                            get_for(proposal.id) is not None)
    counted = totals(proposal)
    response = ConsultationResponse(
        proposal_id=proposal.id, summary=consultation_response.check_summary(summary),
        totals=counted,
        themes=consultation_response.check_themes(themes, counted["total"]), published_at=now,
        published_by_id=actor.id, published_by=actor.actor_label)
    db.session.add(response)
    db.session.flush()
    audit_log.append(actor=actor, action="consultation_response.published",
                     subject=f"proposal:{proposal.id}",
                     details={"response_id": response.id, "summary": response.summary,
                              "totals": counted, "themes": response.themes}, now=now)
    link_history.append(
        proposal.link, kind="consultation_response", occurred_on=link_history.london_day(now),
        summary=f"Consultation response published: {proposal.title}. {counted['line']} "
                f"{len(response.themes)} theme{'' if len(response.themes) == 1 else 's'} "
                "answered.", actor=actor, now=now, proposal_id=proposal.id)
    return response


@use_case
def add_note(response: ConsultationResponse, body: str, *, actor: User,
             now: datetime) -> ConsultationResponseNote:
    """A dated correction shown beneath the response; the response itself never changes."""
    if not body.strip():
        raise DomainError("Enter the correction", field="body")
    note = ConsultationResponseNote(response=response, body=body.strip(), created_at=now,
                                    author_id=actor.id, author=actor.actor_label)
    db.session.add(note)
    db.session.flush()
    audit_log.append(actor=actor, action="consultation_response.note_added",
                     subject=f"proposal:{response.proposal_id}",
                     details={"note_id": note.id, "body": note.body}, now=now)
    return note
