"""Counting: every total shown comes from the counts the database keeps in step with responses.

`counts()` is the rule for what counts, for code that must read responses themselves (lists of
receipts, published reasons, reviews); totals read the kept counts (queries/response_counts.py),
which the database changes in the same transaction as each response, so they are equal by
construction and a page costs the same with a million responses as with ten.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from ..domain import abuse, proposals, voting
from ..models import Proposal, Response
from . import response_counts


def counts(proposal_id: int):
    """THE rule for what counts, in one place: this proposal's current responses, not withdrawn,
    and neither held for review nor invalidated (domain/abuse.py). Every total uses it."""
    return sa.and_(Response.proposal_id == proposal_id, Response.withdrawn.is_(False),
                   Response.review_status == abuse.COUNTED)


def response_count(proposal_id: int) -> int:
    return totals(proposal_id)[0]


def not_counted(proposal_id: int) -> dict[str, int]:
    return totals(proposal_id)[1]


def totals(proposal_id: int) -> tuple[int, dict[str, int]]:
    """How many current responses count, and beside them how many are held for review and how
    many were invalidated, so that the totals are honest about what they leave out."""
    found = response_counts.by_status(proposal_id)
    return found.get(abuse.COUNTED, 0), {abuse.PENDING: found.get(abuse.PENDING, 0),
                                         abuse.INVALIDATED: found.get(abuse.INVALIDATED, 0)}


def tally(proposal: Proposal, labels: dict[int, str] | None = None) -> dict:
    """The counted responses by option and group; `labels` names the options in the language
    the reader reads the proposal in (the English by default)."""
    labels = labels or {option.id: option.label for option in proposal.options}
    return voting.tally_counts(labels, response_counts.by_choice(proposal.id, abuse.COUNTED))


def by_language(proposal: Proposal, labels: dict[int, str]) -> list[dict]:
    """Counted responses by the language each was written in, per option: the most used
    language first; "" (responses from before languages were kept) last."""
    found = response_counts.by_language(proposal.id, abuse.COUNTED)
    rows = []
    for language in {language for language, _option in found}:
        counts = [(labels.get(option.id, option.label), found.get((language, option.id), 0))
                  for option in proposal.options]
        rows.append({"language": language, "counts": counts,
                     "total": sum(count for _, count in counts)})
    return sorted(rows, key=lambda row: (row["language"] == "", -row["total"], row["language"]))


def headline_groups(proposal: Proposal) -> list[dict]:
    """The counted totals with the twin city's residents apart (domain/voting.py)."""
    return voting.headline_groups(tally(proposal))


def visible(proposal: Proposal, now: datetime) -> bool:
    return proposals.results_visible(proposal.results_visibility, proposal.status, proposal.window,
                                 now)


def summary_line(result: dict) -> str:
    """'120 responses. Council area and other respondents (100): Support 40 (40.0%), Oppose 60
    (60.0%). Twin city residents (20): Support 10 (50.0%), Oppose 10 (50.0%).' The twin city's
    residents are always counted apart (domain/voting.py headline_groups).

    Always in English: the line is kept as a record (published feedback's totals, the
    consultation's history). `shown_summary_line` is the same line in the reader's language."""
    with force_locale("en_GB"):
        return shown_summary_line(result)


def shown_summary_line(result: dict) -> str:
    """summary_line in the reader's language, for a page or a mail."""
    groups = [{"label": group["label"], "total": group["total"],
               "rows": [{"label": row.label, "count": row.count, "percent": row.percent}
                        for row in group["rows"]]}
              for group in voting.headline_groups(result)]
    return shown_totals_line({"total": result["total"], "groups": groups})


def shown_totals_line(totals: dict) -> str:
    """The totals kept with published feedback (feedback_queries.totals), said in the reader's
    language: the same words as summary_line."""
    if not totals["total"]:
        return _("No responses.")
    parts = []
    for group in totals["groups"]:
        rows = ", ".join(_("%(option)s %(count)d (%(percent)s%%)", option=row["label"],
                           count=row["count"], percent=row["percent"]) for row in group["rows"])
        label = _(group["label"])
        parts.append(_("%(group)s (%(total)d): %(rows)s.", group=label, total=group["total"],
                       rows=rows) if group["total"]
                     else _("%(group)s: no responses.", group=label))
    total = ngettext("%(num)d response.", "%(num)d responses.", totals["total"])
    return " ".join([total, *parts])


def over_time(proposal_id: int) -> list[tuple[str, int]]:
    """Cumulative counted responses by the UK calendar day they were first made: each day
    once, in order."""
    by_day: dict[str, int] = {}
    for day, number in response_counts.by_day(proposal_id, abuse.COUNTED):
        by_day[day.isoformat()] = by_day.get(day.isoformat(), 0) + number
    series, total = [], 0
    for day in sorted(by_day):
        total += by_day[day]
        series.append((day, total))
    return series
