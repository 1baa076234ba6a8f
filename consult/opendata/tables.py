"""The rows of each CSV download, made from the same records the API publishes."""

from datetime import datetime

from ..domain import voting
from ..models import Proposal, TwinLink
from ..queries import codebook_queries, open_data
from . import records
from .decision_records import decision_summary

LINK_COLUMNS = ("slug", "partner_name", "partner_local_name", "country", "home_place", "status",
                "began", "began_alternative", "began_note", "description", "sources",
                "updated_at", "html_url")
EVENT_COLUMNS = ("id", "occurred_on", "kind", "kind_label", "summary", "sources", "corrects",
                 "consultation_id", "recorded_at", "recorded_by")
CONSULTATION_COLUMNS = ("id", "title", "link", "partner_name", "action", "status", "opens_at",
                        "closes_at", "published_closes_at", "closed_early_at", "withdrawn_at",
                        "results_visible", "response_count", "fingerprint", "html_url")
RESULT_COLUMNS = ("consultation_id", "visible", "group", "group_name", "option", "responses",
                  "percent")
REASON_COLUMNS = ("display_name", "option", "reason", "responded_at", "themes")


def link_rows(links: list[TwinLink]) -> list[dict]:
    return [records.link_record(link) for link in links]


def event_rows(link: TwinLink) -> list[dict]:
    return [records.event_record(event) for event in open_data.history(link)]


def consultation_rows(proposals: list[Proposal], now: datetime) -> list[dict]:
    rows = []
    for proposal in proposals:
        record = records.consultation_record(proposal, now)
        rows.append({**record, "link": proposal.link.slug,
                     "partner_name": proposal.link.partner_name,
                     "response_count": open_data.outcome(proposal, now).response_count})
    return rows


def _group_rows(proposal_id: int, group: str, name: str, rows) -> list[dict]:
    return [{"consultation_id": proposal_id, "visible": True, "group": group,
             "group_name": name, "option": row.label, "responses": row.count,
             "percent": row.percent} for row in rows]


def result_rows(proposal: Proposal, now: datetime) -> list[dict]:
    """Every option overall ('all'), then by who responded; only the count while hidden."""
    found = open_data.outcome(proposal, now)
    if not found.visible:
        return [{"consultation_id": proposal.id, "visible": False, "group": "all",
                 "group_name": "All responses (results hidden until the close)",
                 "option": "", "responses": found.response_count}]
    rows = _group_rows(proposal.id, "all", "All responses", found.tally["overall"])
    for rtype, group in found.tally["by_type"].items():
        rows += _group_rows(proposal.id, rtype, voting.RESPONDENT_TYPES[rtype], group["rows"])
    return rows


def reason_rows(proposal: Proposal, now: datetime) -> list[dict]:
    """Published reasons with display names, once results are visible; none before. Each
    with the names of the themes officers coded it with ("; " between them)."""
    if not open_data.outcome(proposal, now).visible:
        return []
    found = open_data.all_reasons(proposal)
    themes = codebook_queries.names_by_reason(proposal.id)
    return [{**records.reason_record(reason), "themes": themes.get(reason.response_id, [])}
            for reason in found]


DECISION_COLUMNS = ("id", "decided_on", "link", "partner_name", "title", "action", "body",
                    "outcome", "consulted", "consultation_id", "corrects", "summary",
                    "reasons", "votes_for", "votes_against", "votes_abstained", "review_on",
                    "no_consultation_reason", "recorded_at", "audit_seq", "audit_hash",
                    "html_url")


def decision_rows(decisions) -> list[dict]:
    """One row per decision record; the recorder's account id is not a column."""
    rows = []
    for decision in decisions:
        votes = decision.votes
        rows.append({
            **decision_summary(decision), "link": decision.link.slug,
            "partner_name": decision.link.partner_name, "summary": decision.summary,
            "reasons": decision.reasons, "votes_for": votes.in_favour,
            "votes_against": votes.against, "votes_abstained": votes.abstained,
            "review_on": decision.review_on,
            "no_consultation_reason": decision.no_consultation_reason,
            "recorded_at": decision.recorded_at, "audit_seq": decision.audit_seq,
            "audit_hash": decision.audit_hash})
    return rows
