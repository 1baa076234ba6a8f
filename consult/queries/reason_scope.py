"""Which reasons analysis covers, in one place (issue 17).

Officers read and code every reason a person gave: counted or held for review, published or
not, in any language; a withdrawn response or one an officer invalidated has no reason to
weigh. Figures the council publishes (themes by option and group) count only the reasons of
counted responses, the same rule as every total (queries/results.counts).
"""

import sqlalchemy as sa

from ..domain import abuse
from ..models import Response
from .results import counts


def analysed(proposal_id: int):
    """The reasons to read and code: current, not withdrawn, not invalidated, not blank.

    "Not blank" is read from the reason's status, which is "none" exactly when there is no
    reason (none given, withdrawn, or erased: services/responses.py, personal_data.py): the
    status sits in an index (ix_responses_analysed) with everything the analysis page counts
    and filters by, so its counts never read the reasons' text."""
    return sa.and_(Response.proposal_id == proposal_id, Response.withdrawn.is_(False),
                   Response.review_status.in_((abuse.COUNTED, abuse.PENDING)),
                   Response.reason_status != "none")


def counted(proposal_id: int):
    """The reasons behind published figures: those of counted responses only."""
    return sa.and_(counts(proposal_id), Response.reason_status != "none")


def quotable(proposal_id: int):
    """The reasons the council may quote in its feedback: counted, and published (a moderator
    read them), as on the results page."""
    return sa.and_(counted(proposal_id), Response.reason_status == "published")


def language():
    """A reason's language: the interface language it was written in, else lingua's guess."""
    return sa.func.coalesce(sa.func.nullif(Response.language, ""), Response.detected_language)
