"""Twin-link register use cases: add and describe links, append history, change status."""

from dataclasses import dataclass, field
from datetime import datetime

from ..domain import partial_dates, twinning
from ..domain.errors import DomainError, DuplicateSlug, EventNotCorrectable
from ..domain.i18n import N_
from ..infrastructure.unit_of_work import load, use_case
from ..models import LinkEvent, LinkSource, TwinLink, User, db
from ..queries import link_queries
from . import audit_log


@dataclass
class LinkDetails:
    partner_name: str
    country: str
    partner_local_name: str = ""
    began: str | None = None
    began_alternative: str | None = None
    began_note: str = ""
    description: str = ""
    sources: list[str] = field(default_factory=list)


@dataclass
class EventDetails:
    occurred_on: str
    kind: str
    summary: str
    sources: list[str] = field(default_factory=list)
    corrects_id: int | None = None


def _apply_details(link: TwinLink, details: LinkDetails) -> None:
    for value in (details.began, details.began_alternative):
        if value:
            partial_dates.parse(value)
    if details.began_alternative and not details.began:
        raise DomainError(N_("Give the main date before another date"), field="began")
    link.partner_name = details.partner_name.strip()
    link.partner_local_name = details.partner_local_name.strip()
    link.country = details.country.strip()
    link.began = details.began or None
    link.began_alternative = details.began_alternative or None
    link.began_note = details.began_note.strip()
    link.description = details.description.strip()
    link.sources = [LinkSource(url=url, position=i) for i, url in enumerate(details.sources)]


@use_case
def create_link(details: LinkDetails, *, home_place: str, actor: User | str, now: datetime,
                slug: str | None = None) -> TwinLink:
    """Add a link to the register; its address comes from the partner's name and must be new."""
    slug = slug or twinning.slugify(details.partner_name)
    if link_queries.get_by_slug(slug):
        raise DuplicateSlug(N_("There is already a link at %(address)s"), field="partner_name",
                            address=f"/links/{slug}")
    link = TwinLink(slug=slug, home_place=home_place, status=twinning.ACTIVE,
                    created_at=now, updated_at=now)
    _apply_details(link, details)
    db.session.add(link)
    db.session.flush()
    audit_log.append(actor=actor, action="link.created", subject=f"link:{slug}",
                     details={"partner_name": link.partner_name, "country": link.country}, now=now)
    return link


@use_case
def update_link(*, link_id: int, details: LinkDetails, actor: User | str, now: datetime):
    """Change a link's descriptive fields; its address and status are not descriptive."""
    link = load(TwinLink, link_id)
    before = _snapshot(link)
    _apply_details(link, details)
    link.updated_at = now
    after = _snapshot(link)
    changed = {key: {"from": before[key], "to": after[key]}
               for key in after if before[key] != after[key]}
    audit_log.append(actor=actor, action="link.updated", subject=f"link:{link.slug}",
                     details={"changed": changed}, now=now)
    return link


def _snapshot(link: TwinLink) -> dict:
    return {
        "partner_name": link.partner_name, "partner_local_name": link.partner_local_name,
        "country": link.country, "began": link.began,
        "began_alternative": link.began_alternative, "began_note": link.began_note,
        "description": link.description, "sources": [s.url for s in link.sources],
    }


def _new_event(link: TwinLink, details: EventDetails, actor: User | str, now: datetime):
    partial_dates.parse(details.occurred_on)
    if details.kind not in twinning.EVENT_KINDS:
        raise DomainError(N_("Choose the kind of event"), field="kind")
    if twinning.needs_source(details.kind) and not details.sources:
        raise DomainError(N_("Give at least one source for a fact from outside"),
                          field="sources")
    if details.corrects_id is not None:
        target = db.session.get(LinkEvent, details.corrects_id)
        if target is None or target.link_id != link.id:
            raise EventNotCorrectable(N_("Choose an event of this link to correct"),
                                      field="corrects_id")
    event = LinkEvent(
        link=link, occurred_on=details.occurred_on, kind=details.kind,
        summary=details.summary.strip(), sources=list(details.sources),
        corrects_id=details.corrects_id, recorded_at=now,
        recorded_by_id=actor.id if isinstance(actor, User) else None,
        recorded_by=audit_log.actor_label(actor),
    )
    db.session.add(event)
    db.session.flush()
    audit_log.append(actor=actor, action="link.event_added", subject=f"link:{link.slug}",
                     details={"event_id": event.id, "kind": event.kind,
                              "occurred_on": event.occurred_on, "summary": event.summary,
                              "sources": event.sources, "corrects_id": event.corrects_id},
                     now=now)
    return event


@use_case
def append_event(*, link_id: int, details: EventDetails, actor: User | str, now: datetime):
    """Add a dated entry to the link's history. Entries are never edited: correct with a new one."""
    return _new_event(load(TwinLink, link_id), details, actor, now)


@use_case
def change_status(*, link_id: int, target: str, details: EventDetails, actor: User | str,
                  now: datetime) -> LinkEvent:
    """Move the link along the status table and record why as a 'status changed' event."""
    link = load(TwinLink, link_id)
    previous = link.status
    link.status = twinning.transition(previous, target)
    link.updated_at = now
    details.kind = "status_changed"
    event = _new_event(link, details, actor, now)
    audit_log.append(actor=actor, action="link.status_changed", subject=f"link:{link.slug}",
                     details={"from": previous, "to": target, "event_id": event.id}, now=now)
    return event
