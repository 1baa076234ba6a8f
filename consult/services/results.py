"""Counting: every number shown comes from a direct count of stored current responses."""

from datetime import datetime

import sqlalchemy as sa

from ..domain import proposals as rules
from ..domain import voting
from ..models import Proposal, Response, db


def _votes(proposal_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        sa.select(Response.option_id, Response.respondent_type)
        .where(Response.proposal_id == proposal_id, Response.withdrawn.is_(False)))
    return [(row.option_id, row.respondent_type) for row in rows]


def response_count(proposal_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(
        Response.proposal_id == proposal_id, Response.withdrawn.is_(False)))


def tally(proposal: Proposal) -> dict:
    labels = {option.id: option.label for option in proposal.options}
    return voting.tally(labels, _votes(proposal.id))


def visible(proposal: Proposal, now: datetime) -> bool:
    return rules.results_visible(proposal.results_visibility, proposal.status, proposal.window,
                                 now)


def summary_line(result: dict) -> str:
    """'120 responses: Support 50 (41.7%), Oppose 70 (58.3%)'."""
    parts = ", ".join(f"{row.label} {row.count} ({row.percent}%)" for row in result["overall"])
    noun = "response" if result["total"] == 1 else "responses"
    return f"{result['total']} {noun}: {parts}" if result["total"] else "No responses."


def over_time(proposal_id: int) -> list[tuple[str, int]]:
    """Cumulative current responses by the day they were first made (UTC dates)."""
    rows = db.session.scalars(
        sa.select(Response.created_at).where(Response.proposal_id == proposal_id,
                                             Response.withdrawn.is_(False))
        .order_by(Response.created_at))
    series, total = {}, 0
    for created in rows:
        total += 1
        series[created.date().isoformat()] = total
    return list(series.items())
