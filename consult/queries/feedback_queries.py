"""The council's feedback as pages read it, and the counts it is published with."""

import sqlalchemy as sa

from ..domain import voting
from ..models import Feedback, Proposal, db
from . import results


def get_for(proposal_id: int) -> Feedback | None:
    return db.session.scalars(sa.select(Feedback).filter_by(proposal_id=proposal_id)).first()


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
