"""Totals read from the counts the database keeps in step with responses (models/counts.py).

Reading a handful of counter rows costs the same for ten responses as for a million; nothing
here scans the responses table.
"""

from datetime import date

import sqlalchemy as sa

from ..models import ResponseCount, db


def by_choice(proposal_id: int, status: str) -> dict[tuple[int, str], int]:
    """How many responses with this review status chose each (option, respondent type)."""
    rows = db.session.execute(
        sa.select(ResponseCount.option_id, ResponseCount.respondent_type,
                  sa.func.sum(ResponseCount.n))
        .where(ResponseCount.proposal_id == proposal_id, ResponseCount.review_status == status)
        .group_by(ResponseCount.option_id, ResponseCount.respondent_type))
    return {(option, rtype): int(n) for option, rtype, n in rows if n}


def by_status(proposal_id: int) -> dict[str, int]:
    """How many current responses there are in each review status."""
    rows = db.session.execute(
        sa.select(ResponseCount.review_status, sa.func.sum(ResponseCount.n))
        .where(ResponseCount.proposal_id == proposal_id)
        .group_by(ResponseCount.review_status))
    return {status: int(n) for status, n in rows if n}


def by_day(proposal_id: int, status: str) -> list[tuple[date, int]]:
    """Responses with this review status by the UK day (Europe/London) each was first made,
    in order (the day is kept by the triggers of migration 0009)."""
    rows = db.session.execute(
        sa.select(ResponseCount.day, sa.func.sum(ResponseCount.n))
        .where(ResponseCount.proposal_id == proposal_id, ResponseCount.review_status == status)
        .group_by(ResponseCount.day).order_by(ResponseCount.day))
    return [(day, int(n)) for day, n in rows if n]


def by_language(proposal_id: int, status: str) -> dict[tuple[str, int], int]:
    """How many responses with this review status were written in each language, by option
    ("" is a response from before languages were kept)."""
    rows = db.session.execute(
        sa.select(ResponseCount.language, ResponseCount.option_id, sa.func.sum(ResponseCount.n))
        .where(ResponseCount.proposal_id == proposal_id, ResponseCount.review_status == status)
        .group_by(ResponseCount.language, ResponseCount.option_id))
    return {(language, option): int(n) for language, option, n in rows if n}
