"""Retention: respondents' personal data goes CONSULT_RETENTION_MONTHS after the decision."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from consult.domain import voting
from consult.domain.retention import InvalidRetention, months_before
from consult.extensions import db
from consult.models import AuditEntry, Response, ResponseVersion
from consult.services import audit_log, responses
from tests.factories import (
    make_closed_consultation,
    make_proposal,
    make_theme,
    make_user,
    tag_reason,
)
from tests.integration.decision_data import publish_feedback, record

REASON = "My reason, which names my street."


@pytest.mark.parametrize("moment, months, expected", [
    (datetime(2027, 3, 31, 9, 30, tzinfo=UTC), 1, datetime(2027, 2, 28, 9, 30, tzinfo=UTC)),
    (datetime(2028, 3, 31, tzinfo=UTC), 1, datetime(2028, 2, 29, tzinfo=UTC)),
    (datetime(2027, 1, 15, tzinfo=UTC), 12, datetime(2026, 1, 15, tzinfo=UTC)),
    (datetime(2027, 1, 15, tzinfo=UTC), 13, datetime(2025, 12, 15, tzinfo=UTC)),
    (datetime(2027, 5, 1, tzinfo=UTC), 4, datetime(2027, 1, 1, tzinfo=UTC)),
])
def test_the_cut_off_is_whole_calendar_months_earlier(moment, months, expected):
    assert months_before(moment, months) == expected


@pytest.mark.parametrize("months", [0, -1, 1.5, True, "12"])
def test_a_retention_period_must_be_whole_months_one_or_more(months):
    with pytest.raises(InvalidRetention):
        months_before(datetime(2027, 1, 1, tzinfo=UTC), months)


def respond_with_reason(proposal, now):
    choice = voting.Choice(proposal.options[1].id, "organisation", organisation="Ada's Society",
                           postcode_district="CV1", reason=REASON)
    return responses.respond(proposal_id=proposal.id, respondent_id=make_user().id, choice=choice,
                             now=now)


@pytest.fixture
def decided(app, signed_in):
    """A consultation decided now, with a response that gave personal details, and an open
    consultation (no decision) with another such response."""
    now = datetime.now(UTC)
    undecided = make_proposal(status="open")
    respond_with_reason(undecided, now)
    closed = make_closed_consultation()
    closed_at = closed.opens_at + timedelta(days=2)
    theme = make_theme(closed)
    tag_reason(respond_with_reason(closed, closed_at), theme)
    officer = signed_in("officer")
    assert publish_feedback(officer, closed, {theme: "Visits stop."}).status_code == 302
    assert record(officer, closed).status_code == 302
    return {"closed": closed, "open": undecided, "now": now}


def personal(proposal_id: int) -> list[tuple]:
    db.session.expire_all()
    current = db.session.execute(sa.select(
        Response.reason, Response.organisation, Response.postcode_district).where(
        Response.proposal_id == proposal_id)).all()
    network = db.session.execute(sa.select(Response.email_domain, Response.address_hash).where(
        Response.proposal_id == proposal_id, sa.or_(Response.email_domain != "",
                                                    Response.address_hash.is_not(None)))).all()
    versions = db.session.execute(sa.select(
        ResponseVersion.reason, ResponseVersion.organisation, ResponseVersion.postcode_district)
        .join(Response).where(Response.proposal_id == proposal_id)).all()
    return sorted({tuple(row) for row in current + versions + network if any(row)})


def votes(proposal_id: int) -> list[tuple]:
    db.session.expire_all()
    return sorted(tuple(row) for row in db.session.execute(sa.select(
        Response.receipt_code, Response.option_id, Response.respondent_type, Response.withdrawn)
        .where(Response.proposal_id == proposal_id)))


def run(app, when: datetime):
    return app.test_cli_runner().invoke(args=["retention", "run", "--now", when.isoformat()])


def retention_entries() -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "retention.anonymised")))


def test_nothing_is_removed_before_the_retention_period_ends(app, decided):
    result = run(app, decided["now"] + timedelta(days=330))
    assert result.exit_code == 0, result.output
    assert "no consultations anonymised" in result.output
    assert (REASON, "Ada's Society", "CV1") in personal(decided["closed"].id)
    assert retention_entries() == []


def test_after_the_period_reasons_organisations_and_postcodes_go_and_totals_stay(app, decided):
    closed = decided["closed"]
    before = votes(closed.id)
    result = run(app, decided["now"] + timedelta(days=400))
    assert result.exit_code == 0, result.output
    # Four: the three the factory made hold their email domain for the anti-abuse checks.
    assert f"Consultation {closed.id} ({closed.title}): personal data removed from 4 " \
           "responses." in result.output
    assert personal(closed.id) == [] and votes(closed.id) == before
    assert (REASON, "Ada's Society", "CV1") in personal(decided["open"].id)


def test_the_run_is_audited_once_and_the_chain_verifies(app, decided):
    run(app, decided["now"] + timedelta(days=400))
    [entry] = retention_entries()
    assert entry.actor == "system (retention)" and entry.details["retention_months"] == 12
    assert entry.details["consultations"] == [{"proposal_id": decided["closed"].id,
                                               "responses": 4}]
    assert audit_log.verify_chain() == (True, None)


def test_running_again_changes_nothing_and_audits_nothing(app, decided):
    later = decided["now"] + timedelta(days=400)
    run(app, later)
    head = db.session.scalar(sa.select(sa.func.max(AuditEntry.seq)))
    again = run(app, later + timedelta(days=1))
    assert again.exit_code == 0 and "no consultations anonymised" in again.output
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.max(AuditEntry.seq))) == head
    assert len(retention_entries()) == 1


def test_the_period_comes_from_the_configuration(app_config, decided):
    from consult import create_app

    shorter = create_app({**app_config, "CONSULT_RETENTION_MONTHS": 1})
    with shorter.app_context():
        result = run(shorter, decided["now"] + timedelta(days=40))
        db.session.remove()
        db.engine.dispose()
    assert result.exit_code == 0, result.output
    assert "Retention (1 month after the decision): 1 consultation anonymised." in result.output
    assert personal(decided["closed"].id) == []


def test_a_malformed_time_is_refused(app):
    result = app.test_cli_runner().invoke(args=["retention", "run", "--now", "next tuesday"])
    assert result.exit_code == 2 and "ISO 8601" in result.output


def test_a_withdrawn_consultation_loses_its_personal_data_after_the_period(app):
    from consult.services import proposals

    now = datetime.now(UTC)
    proposal = make_proposal(status="open")
    respond_with_reason(proposal, now)
    proposals.withdraw(proposal_id=proposal.id, reason="No longer needed.",
                       actor="system (tests)", now=now)
    assert run(app, now + timedelta(days=300)).exit_code == 0
    assert (REASON, "Ada's Society", "CV1") in personal(proposal.id)
    result = run(app, now + timedelta(days=400))
    assert "1 consultation anonymised" in result.output and personal(proposal.id) == []
