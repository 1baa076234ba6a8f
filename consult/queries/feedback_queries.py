"""The council's feedback as pages read it, and the counts it is published with."""

import sqlalchemy as sa

from ..domain import feedback as feedback_rules
from ..domain import voting
from ..domain.feedback import ThemeCount
from ..models import Feedback, Proposal, Response, db
from . import results, theme_counts


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


def theme_rows(proposal: Proposal) -> list[dict]:
    """The codebook's themes as feedback publishes them, answers aside: name, parent, counted
    reasons by option and by group, and quotations. A theme comes before its sub-themes; the
    most raised first."""
    figures = theme_counts.breakdown(proposal.id)
    quoted = theme_counts.quotations(proposal.id)
    return [_theme_row(proposal, shown, quoted.get(shown.theme_id, []))
            for shown in _in_order(list(figures.values()))]


def _in_order(figures: list) -> list:
    def rank(shown):
        return -shown.count, shown.name

    children: dict[int, list] = {}
    for shown in figures:
        children.setdefault(shown.parent_id, []).append(shown)
    ordered = []
    for top in sorted(children.get(None, []), key=rank):
        ordered += [top, *sorted(children.get(top.theme_id, []), key=rank)]
    return ordered


def _theme_row(proposal: Proposal, shown, quoted) -> dict:
    return {"id": shown.theme_id, "name": shown.name, "parent_id": shown.parent_id,
            "parent": shown.parent_name, "count": shown.count,
            "by_option": [{"option_id": option.id, "label": option.label,
                           "count": shown.by_option.get(option.id, 0)}
                          for option in proposal.options],
            "by_group": [{"group": key, "label": label, "count": shown.by_group.get(key, 0)}
                         for key, label in voting.HEADLINE_GROUPS],
            "quotations": [{"receipt_code": quote.receipt_code, "text": quote.text,
                            "language": quote.language} for quote in quoted]}


def counts_of(rows: list[dict]) -> list[ThemeCount]:
    """The plain figures the feedback rules read, from theme_rows."""
    return [ThemeCount(row["id"], row["name"], row["parent_id"], row["count"]) for row in rows]


def publishing(proposal: Proposal, *, large_share: int) -> dict:
    """What the officer's publishing page shows: the themes with their figures and
    quotations, which of them many people raised, and the reasons counted and coded."""
    rows = theme_rows(proposal)
    reasons, coded = theme_counts.counted_reasons(proposal.id)
    large = {theme.theme_id for theme in counts_of(rows)
             if feedback_rules.is_large(theme.count, coded, large_share)}
    return {"themes": rows, "large": large, "reasons": reasons, "coded": coded,
            "large_share": large_share}


def quoted_words(feedback: Feedback | None) -> dict[str, str]:
    """The words of the published feedback's quotations, by receipt code, for those whose
    reason is still published: a reason removed since (erased, past retention, hidden by a
    moderator) is left out, and the page says so."""
    codes = {quote["receipt_code"] for theme in (feedback.themes if feedback else [])
             for quote in theme.get("quotations", [])}
    if not codes:
        return {}
    return dict(db.session.execute(
        sa.select(Response.receipt_code, Response.reason).where(
            Response.receipt_code.in_(codes), Response.reason_status == "published",
            Response.reason != "")).all())
