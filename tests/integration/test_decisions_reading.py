"""The decision record keeps how much of the reasoning was read before it (issue 17): counted
from the read marks in the insert, shown on the decision page and in the API, and weighed by
the fourth fairness check (conscientious consideration)."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from consult.domain import voting
from consult.models import Decision, db
from consult.services import responses
from tests.factories import make_closed_consultation, make_theme, mark_read, tag_reason
from tests.integration.codebook_data import reasons
from tests.integration.decision_data import page, publish_feedback, record

API = "/api/v1"


def decision() -> Decision:
    db.session.expire_all()
    return db.session.scalars(sa.select(Decision).order_by(Decision.id.desc())).first()


def fourth_check(client, decision_id: int) -> dict:
    return client.get(f"{API}/decisions/{decision_id}").get_json()["checks"][3]


def coded_and_answered(officer, proposal, rows) -> None:
    theme = make_theme(proposal)
    for row in rows:
        tag_reason(row, theme, at=proposal.closes_at + timedelta(hours=1))
    assert publish_feedback(officer, proposal, {theme: "Visits stop."}).status_code == 302


def test_the_decision_keeps_the_reads_made_before_it_in_the_current_version(app, officer):
    proposal = make_closed_consultation(choices=())
    read, changed, later, unread = reasons(proposal, 4)
    now = datetime.now(UTC)
    mark_read(read, at=now - timedelta(hours=2))
    mark_read(changed, at=now - timedelta(hours=2))
    responses.respond(proposal_id=proposal.id, respondent_id=changed.user_id,
                      choice=voting.Choice(proposal.options[1].id, voting.LOCAL,
                                           reason="Changed after it was read."),
                      now=proposal.opens_at + timedelta(days=5))
    mark_read(later, at=now + timedelta(hours=1))  # read after the decision is recorded
    tag_reason(read, make_theme(proposal), at=now - timedelta(hours=1))
    assert record(officer, proposal).status_code == 302
    recorded = decision()
    assert (recorded.reasons_received, recorded.reasons_read, recorded.reasons_coded,
            recorded.analysis_finished_at) == (4, 1, 1, None)
    assert unread.id and recorded.recorded_at <= now + timedelta(minutes=5)


def test_every_reason_read_shows_n_of_n_publicly_and_passes_the_fourth_check(
        app, officer, client):
    proposal = make_closed_consultation(choices=())
    rows = reasons(proposal, 3)
    last = proposal.closes_at + timedelta(hours=3)
    for hours, row in enumerate(rows, start=1):
        mark_read(row, at=proposal.closes_at + timedelta(hours=hours))
    coded_and_answered(officer, proposal, rows)
    assert record(officer, proposal).status_code == 302
    recorded = decision()
    html = page(client, f"/decisions/{recorded.id}")
    assert "3 of 3 reasons read before the decision." in html
    assert "3 coded with at least one theme." in html and "The last was read" in html
    body = client.get(f"{API}/decisions/{recorded.id}").get_json()
    assert (body["reasons_received"], body["reasons_read"], body["reasons_coded"]) == (3, 3, 3)
    assert datetime.fromisoformat(body["analysis_finished_at"]) == last
    check = fourth_check(client, recorded.id)
    assert check["status"] == "passed"
    assert check["explanation"] == ("The feedback was published before the decision, which "
                                    "refers to it. 3 of 3 reasons (100 %) were read before the "
                                    "decision.")
    assert html.count('govuk-tag--green">Passed') == 5


def test_too_few_reasons_read_fails_the_fourth_check_with_the_figures(app, officer, client):
    proposal = make_closed_consultation(choices=())
    rows = reasons(proposal, 3)
    for row in rows[:2]:
        mark_read(row, at=proposal.closes_at + timedelta(hours=1))
    coded_and_answered(officer, proposal, rows)
    assert record(officer, proposal).status_code == 302
    recorded = decision()
    check = fourth_check(client, recorded.id)
    assert (check["status"], check["explanation"]) == (
        "failed", "The feedback was published before the decision, which refers to it. 2 of 3 "
        "reasons (67 %) were read before the decision; at least 95 % is expected.")
    assert "2 of 3 reasons read before the decision." in page(client,
                                                               f"/decisions/{recorded.id}")
    app.config["CONSULT_READ_THRESHOLD"] = 60
    assert fourth_check(client, recorded.id)["status"] == "passed"


def test_a_consultation_without_reasons_passes_the_reading_part(app, officer, client):
    proposal = make_closed_consultation()
    publish_feedback(officer, proposal)
    record(officer, proposal)
    recorded = decision()
    assert (recorded.reasons_received, recorded.reasons_read) == (0, 0)
    check = fourth_check(client, recorded.id)
    assert check["status"] == "passed"
    assert check["explanation"].endswith("No response gave a reason, so there were no reasons "
                                         "to read.")
    assert "No response gave a reason." in page(client, f"/decisions/{recorded.id}")


def test_a_decision_recorded_before_reads_were_counted_says_so_without_failing(
        app, officer, client):
    proposal = make_closed_consultation()
    publish_feedback(officer, proposal)
    record(officer, proposal)
    kept = decision()
    columns = {column.key: getattr(kept, column.key) for column in Decision.__table__.columns
               if column.key not in ("id", "reasons_received", "reasons_read", "reasons_coded",
                                     "analysis_finished_at")}
    db.session.add(Decision(**{**columns, "corrects_id": None, "title": "Recorded in 2026"}))
    db.session.commit()
    older = decision()
    assert older.reasons_received is None
    check = fourth_check(client, older.id)
    assert check["status"] == "passed"
    assert "the decision was recorded before the service counted them" in check["explanation"]
    assert "Not recorded: the decision was recorded before the service counted" in page(
        client, f"/decisions/{older.id}")
    body = client.get(f"{API}/decisions/{older.id}").get_json()
    assert [body[key] for key in ("reasons_received", "reasons_read", "reasons_coded",
                                  "analysis_finished_at")] == [None] * 4


def test_a_correction_keeps_the_figures_of_the_decision_it_corrects(app, officer):
    proposal = make_closed_consultation(choices=())
    rows = reasons(proposal, 2)
    mark_read(rows[0], at=proposal.closes_at + timedelta(hours=1))
    coded_and_answered(officer, proposal, rows)
    assert record(officer, proposal).status_code == 302
    first = decision()
    mark_read(rows[1], at=datetime.now(UTC))
    assert record(officer, proposal, votes_against="3",
                  corrects_id=str(first.id)).status_code == 302
    correction = decision()
    assert correction.corrects_id == first.id
    assert (correction.reasons_received, correction.reasons_read) == (2, 1)
