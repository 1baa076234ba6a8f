"""Shared set-up for the decision and feedback tests: forms as a browser posts."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from consult.models import LinkEvent, db
from tests.conftest import submit

TODAY = datetime.now(UTC).date()


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def day_fields(name: str, day: date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}


def decision_form(**changes) -> dict[str, str]:
    data = {"title": "Suspend the link", "summary": "The link is suspended.",
            **day_fields("decided_on", TODAY), "body": "full_council", "committee_name": "",
            "outcome": "adopted", "reasons": "The council condemned the invasion.",
            "alternatives": "Keeping the link active.", "interests": "",
            "votes_for": "40", "votes_against": "2", "votes_abstained": "1",
            "names_for": "", "names_against": "Cllr A\nCllr B", "names_abstained": "",
            "minutes_url": "https://example.org/minutes/2026-11", "sources": "",
            **day_fields("review_on", None), "corrects_id": "", "matched_option": "",
            "departure_reason": ""}
    return {**data, **changes}


def publish_feedback(client, proposal, answers: dict | None = None, **changes):
    """Post the feedback form: a summary and, for each theme given, the council's answer
    (`answers` maps a theme row to its answer). The form has no numbers to fill in."""
    data = {"summary": "Most people supported the proposal.", "unanswered_reason": "",
            **{f"answer_{theme.id}": answer for theme, answer in (answers or {}).items()},
            **changes}
    return submit(client, f"/officer/consultations/{proposal.id}/feedback", data)


def record(client, proposal, **changes):
    data = decision_form(**{"matched_option": str(proposal.options[0].id), **changes})
    return submit(client, f"/officer/consultations/{proposal.id}/decisions/new", data)


def timeline_kinds(link_id: int) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(LinkEvent.kind).where(
        LinkEvent.link_id == link_id).order_by(LinkEvent.occurred_on, LinkEvent.id)))


def unconsulted(**changes) -> dict[str, str]:
    data = decision_form(**{"action": "suspend", "no_consultation_reason": "Urgent resolution.",
                            "retrospective": "yes",
                            **day_fields("retrospective_by", TODAY + timedelta(days=30)),
                            "no_retrospective_reason": "", **changes})
    data.pop("matched_option"), data.pop("departure_reason")
    return data
