"""Read-only queries for the register pages."""

import sqlalchemy as sa
from flask_babel import gettext as _

from ..domain import twinning
from ..models import LinkEvent, TwinLink, db

SORTS = {
    "name": (TwinLink.partner_name,),
    "year": (TwinLink.began.is_(None), TwinLink.began, TwinLink.partner_name),
    "year-desc": (TwinLink.began.is_(None), TwinLink.began.desc(), TwinLink.partner_name),
}


def list_links(*, status: str | None = None, country: str | None = None,
               sort: str = "name") -> list[TwinLink]:
    """Links filtered by allow-listed status and exact country, in an allow-listed order."""
    query = sa.select(TwinLink)
    if status in twinning.STATUSES:
        query = query.where(TwinLink.status == status)
    if country:
        query = query.where(TwinLink.country == country)
    return list(db.session.scalars(query.order_by(*SORTS.get(sort, SORTS["name"]))))


def countries() -> list[str]:
    query = sa.select(TwinLink.country).distinct().order_by(TwinLink.country)
    return list(db.session.scalars(query))


def timeline(link: TwinLink, *, newest_first: bool = False) -> list[LinkEvent]:
    order = (LinkEvent.occurred_on.desc(), LinkEvent.id.desc()) if newest_first else (
        LinkEvent.occurred_on, LinkEvent.id)
    return list(db.session.scalars(
        sa.select(LinkEvent).where(LinkEvent.link_id == link.id).order_by(*order)))


def event_choices(link: TwinLink) -> list[tuple[str, str]]:
    return [("", _("Not a correction"))] + [
        (str(event.id), f"{event.occurred_on}: {event.summary[:70]}") for event in timeline(link)
    ]


def get_by_slug(slug: str) -> TwinLink | None:
    return db.session.scalars(sa.select(TwinLink).filter_by(slug=slug)).first()
