"""What is published about each decision: the record, the councillors' vote, the fairness
checks and the audit log's head when it was sealed. The recorder's account id never appears."""

from datetime import datetime

from flask import current_app

from ..domain import decisions
from ..models import Decision
from ..navigation import external_url
from ..queries import decision_queries, follow_up_queries
from .records import link_ref


def _votes(decision: Decision) -> dict | None:
    """The councillors' vote as a Popolo vote event's counts, when it was counted."""
    votes = decision.votes
    if not votes.counted:
        return None
    return {"counts": [{"option": "yes", "value": votes.in_favour},
                       {"option": "no", "value": votes.against},
                       {"option": "abstain", "value": votes.abstained}],
            "names": {key: list(names) for key, names in (votes.names or {}).items()}}


def decision_summary(decision: Decision) -> dict:
    return {
        "id": decision.id, "title": decision.title, "link": link_ref(decision.link),
        "decided_on": decision.decided_on, "body": decision.body,
        "body_label": decision.body_label, "outcome": decision.outcome,
        "outcome_label": decisions.OUTCOMES.get(decision.outcome, decision.outcome),
        "action": decision.action, "consulted": decision.consulted,
        "consultation_id": decision.proposal_id, "corrects": decision.corrects_id,
        "url": external_url("api.decision", decision_id=decision.id),
        "html_url": external_url("public.decision", decision_id=decision.id),
    }


def follow_up_fields(decision: Decision, now: datetime) -> dict:
    """The promise after the fact, its consultation, and whether it is overdue (API only)."""
    since = follow_up_queries.overdue_since(decision, now)
    retrospective = follow_up_queries.retrospective_for(decision)
    return {"retrospective_by": decision.retrospective_by,
            "no_retrospective_reason": decision.no_retrospective_reason,
            "retrospective_consultation_id": retrospective.id
            if retrospective and retrospective.status != "draft" else None,
            "overdue": since is not None, "overdue_since": since}


def link_follow_up(link, now: datetime) -> dict:
    """A link's overdue promises: a retrospective consultation, and its review."""
    since = follow_up_queries.link_overdue_since(link, now)
    review = follow_up_queries.review(link, now)
    review_overdue = bool(review and review.overdue)
    return {"overdue": since is not None or review_overdue,
            "retrospective_overdue_since": since,
            "review_on": review.review_on if review else None,
            "review_overdue": review_overdue}


def reading_fields(decision: Decision) -> dict:
    """How many reasons were received, read and coded before the decision, and when the last
    was read, as the record kept them when it was recorded (null before issue 17, and for a
    decision without consultation)."""
    return {"reasons_received": decision.reasons_received,
            "reasons_read": decision.reasons_read, "reasons_coded": decision.reasons_coded,
            "analysis_finished_at": decision.analysis_finished_at}


def decision_record(decision: Decision, now: datetime) -> dict:
    corrected_by = decision_queries.corrected_by(decision)
    checks = decision_queries.checks(
        decision.proposal, decision, now=now,
        min_days=current_app.config["CONSULT_MIN_CONSULTATION_DAYS"],
        read_threshold=current_app.config["CONSULT_READ_THRESHOLD"])
    return {
        **decision_summary(decision), **follow_up_fields(decision, now),
        "committee_name": decision.committee_name, "summary": decision.summary,
        "reasons": decision.reasons, "alternatives": decision.alternatives,
        "interests": decision.interests, "vote": _votes(decision),
        "minutes_url": decision.minutes_url or None, "sources": list(decision.sources or []),
        "review_on": decision.review_on,
        "no_consultation_reason": decision.no_consultation_reason,
        "matches_option": decision.matched_option.label
        if decision.matched_option else None,
        "differs_from_most_supported": decision.differs,
        "departure_reason": decision.departure_reason,
        "status_before": decision.status_before, "status_after": decision.status_after,
        "recorded_at": decision.recorded_at, "recorded_by": decision.recorded_by,
        "corrected_by": corrected_by.id if corrected_by else None,
        "audit": {"seq": decision.audit_seq, "hash": decision.audit_hash},
        **reading_fields(decision),
        "checks": [{"name": check.name, "status": check.status, "label": check.label,
                    "explanation": check.explanation} for check in checks],
    }
