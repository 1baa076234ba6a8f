"""The analysis downloads' rows (issue 17): every analysed reason by receipt code, with what
officers did with it, and the codebook. Respondents appear only by receipt code: no name, no
email address, no account id is read here."""

from collections.abc import Iterator

import sqlalchemy as sa

from ..domain import voting
from ..models import AnalysisMember, ProposalOption, Response, db
from . import codebook_queries, reason_scope
from .analysis_queries import campaign_members, is_read, latest_run_id

REASON_COLUMNS = ("receipt_code", "option", "respondent_group", "language", "reason", "read",
                  "themes", "campaign")
CODEBOOK_COLUMNS = ("theme", "parent", "description", "reasons")
BATCH = 1000


def reason_rows(proposal_id: int) -> Iterator[dict]:
    """Every analysed reason, oldest first, read from the database a thousand at a time."""
    themes = codebook_queries.names_by_reason(proposal_id)
    campaigns = set(db.session.scalars(campaign_members(latest_run_id(proposal_id))
                                       .order_by(AnalysisMember.response_id)))
    rows = db.session.execute(
        sa.select(Response.id, Response.receipt_code, ProposalOption.label,
                  Response.respondent_type, reason_scope.language(), Response.reason, is_read())
        .join(ProposalOption, ProposalOption.id == Response.option_id)
        .where(reason_scope.analysed(proposal_id)).order_by(Response.id)
        .execution_options(yield_per=BATCH))
    for response_id, code, option, group, language, reason, read in rows:
        yield {"receipt_code": code, "option": option,
               "respondent_group": voting.RESPONDENT_TYPES.get(group, group),
               "language": language, "reason": reason, "read": bool(read),
               "themes": themes.get(response_id, []), "campaign": response_id in campaigns}


def codebook_rows(proposal_id: int) -> list[dict]:
    """Each theme, its parent, description and how many analysed reasons it codes."""
    return [{"theme": row.name, "parent": row.parent_name, "description": row.description,
             "reasons": row.reasons} for row in codebook_queries.themes(proposal_id)]
