"""What is published about each request for a consultation, shared by the API, the CSV and
the feed. No account appears: not the author, not a signer, not the moderator."""

from datetime import datetime

from ..domain import requests as rules
from ..models import ConsultationRequest
from ..navigation import external_url
from ..queries import request_queries
from .records import link_ref


def _answer(request: ConsultationRequest, state: str) -> dict | None:
    """The council's answer once it is public (a consultation answers once published)."""
    if state != rules.ANSWERED:
        return None
    consultation = request.proposal if request.answer == rules.CONSULTATION else None
    return {"kind": request.answer, "answered_at": request.answered_at,
            "consultation_id": consultation.id if consultation else None,
            "consultation_url": external_url("api.consultation", proposal_id=consultation.id)
            if consultation else None,
            "reasons": request.refusal_reason if request.answer == rules.REFUSAL else ""}


def request_record(request: ConsultationRequest, now: datetime) -> dict:
    state = request_queries.state_of(request, now)
    shown = rules.text_shown(request.status, request.rejection_code)
    return {
        "id": request.id, "title": request.title if shown else None,
        "reason": request.reason if shown else None, "language": request.language or None,
        "link": link_ref(request.link), "action": request.action,
        "action_label": rules.ACTIONS[request.action],
        "status": state, "status_label": rules.STATE_LABELS[state],
        "rejection_reason": request.rejection_code,
        "published_at": request.published_at, "closes_at": request.closes_at,
        "signatures": {"local": request.local_count, "twin_city": request.twin_count},
        "threshold": request.threshold if request.published_at else None,
        "reached_at": request.reached_at, "answer_due_by": request.answer_due_at,
        "overdue": state == rules.OVERDUE, "answer": _answer(request, state),
        "url": external_url("api.consultation_request", request_id=request.id),
        "html_url": external_url("public.request", request_id=request.id),
    }


CSV_COLUMNS = ("id", "title", "link", "action", "status", "rejection_reason", "published_at",
               "closes_at", "local_signatures", "twin_city_signatures", "threshold",
               "reached_at", "answer_due_by", "overdue", "answer", "answered_at",
               "consultation_id", "refusal_reasons", "url")


def csv_row(record: dict) -> dict:
    """One CSV row from the record (nested fields flattened)."""
    answer = record["answer"] or {}
    return {
        "id": record["id"], "title": record["title"] or "", "link": record["link"]["slug"],
        "action": record["action"], "status": record["status"],
        "rejection_reason": record["rejection_reason"] or "",
        "published_at": record["published_at"], "closes_at": record["closes_at"],
        "local_signatures": record["signatures"]["local"],
        "twin_city_signatures": record["signatures"]["twin_city"],
        "threshold": record["threshold"], "reached_at": record["reached_at"],
        "answer_due_by": record["answer_due_by"], "overdue": record["overdue"],
        "answer": answer.get("kind", ""), "answered_at": answer.get("answered_at"),
        "consultation_id": answer.get("consultation_id"),
        "refusal_reasons": answer.get("reasons", ""), "url": record["html_url"],
    }
