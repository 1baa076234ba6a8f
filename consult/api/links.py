"""The register: links, one link, and a link's history."""

from .. import clock
from ..opendata import decision_records, records
from ..queries import open_data, paging
from . import bp
from .loaders import load_link
from .paging import HEADERS, answers, paged
from .schemas import HistorySchema, LinkArgs, LinkPageSchema, LinkSchema, NoArgs


@bp.route("/links")
@bp.arguments(LinkArgs, location="query")
@bp.response(200, LinkPageSchema, headers=HEADERS)
@answers()
def links(args):
    """Twin links, by partner name."""
    found = open_data.links(status=args.get("status"), country=args.get("country"))
    now = clock.now()
    return paged(paging.page_of_list(found, args["page"], args["per_page"]),
                 lambda link: _record(link, now))


def _record(link, now) -> dict:
    return {**records.link_record(link), **decision_records.link_follow_up(link, now)}


@bp.route("/links/<slug>")
@bp.arguments(NoArgs, location="query")
@bp.response(200, LinkSchema, headers=HEADERS)
@answers(404)
def link(args, slug: str):
    """One twin link."""
    return _record(load_link(slug), clock.now())


@bp.route("/links/<slug>/history")
@bp.arguments(NoArgs, location="query")
@bp.response(200, HistorySchema, headers=HEADERS)
@answers(404)
def link_history(args, slug: str):
    """A link's append-only history, oldest first."""
    found = load_link(slug)
    events = [records.event_record(event) for event in open_data.history(found)]
    return {"link": records.link_ref(found), "total": len(events), "events": events}
