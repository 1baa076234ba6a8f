"""Loaders for the JSON API: an id or slug to a published row, or a 404 saying what was sought."""

from flask_smorest import abort

from ..models import Decision, Proposal, TwinLink
from ..queries import decision_queries, open_data


def load_consultation(proposal_id: int) -> Proposal:
    proposal = open_data.published_consultation(proposal_id)
    if proposal is None:
        abort(404, message="No published consultation has this id.")
    return proposal


def load_decision(decision_id: int) -> Decision:
    found = decision_queries.get(decision_id)
    if found is None:
        abort(404, message="No decision has this id.")
    return found


def load_link(slug: str) -> TwinLink:
    link = open_data.link_by_slug(slug)
    if link is None:
        abort(404, message="No twin link has this slug.")
    return link
