"""Entries the platform itself writes on a link's history for decisions and their responses."""

from datetime import date, datetime

from ..models import LinkEvent, TwinLink, User, db
from . import audit_log


def append(link: TwinLink, *, kind: str, occurred_on: date, summary: str, actor: User | str,
           now: datetime, sources: list[str] | None = None, proposal_id: int | None = None,
           decision_id: int | None = None, corrects_id: int | None = None) -> LinkEvent:
    """Add one entry (never edited afterwards) and its audit entry, in the caller's transaction."""
    entry = LinkEvent(link_id=link.id, kind=kind, occurred_on=occurred_on.isoformat(),
                      summary=summary, sources=list(sources or []), proposal_id=proposal_id,
                      decision_id=decision_id, corrects_id=corrects_id, recorded_at=now,
                      recorded_by_id=actor.id if isinstance(actor, User) else None,
                      recorded_by=audit_log.actor_label(actor))
    db.session.add(entry)
    db.session.flush()
    audit_log.append(actor=actor, action="link.event_added", subject=f"link:{link.slug}",
                     details={"event_id": entry.id, "kind": kind,
                              "occurred_on": entry.occurred_on, "summary": summary,
                              "sources": entry.sources, "proposal_id": proposal_id,
                              "decision_id": decision_id, "corrects_id": corrects_id},
                     now=now)
    return entry
