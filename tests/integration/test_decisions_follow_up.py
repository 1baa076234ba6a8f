"""What follows a decision, on the real database: an urgent decision's promised retrospective
consultation (recorded, opened from the decision, overdue) and reviews (approaching, overdue,
started, recorded), in pages, the API, the Atom feed and the officers' digest."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from consult import clock, create_app
from consult.domain import decisions as rules
from consult.domain import follow_up as follow_up_rules
from consult.domain.errors import DomainError
from consult.models import AuditEntry, Decision, LinkEvent, Proposal, db
from consult.queries import decision_queries, follow_up_queries, notification_queries
from consult.services import decisions, follow_up, proposals
from tests.conftest import submit
from tests.factories import NO_TWIN_COUNCIL_REASON, make_link, make_proposal
from tests.integration.decision_data import TODAY, day_fields, page, unconsulted

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
URGENT = rules.Record(decided_on=date(2026, 11, 1), body=rules.FULL_COUNCIL,
                      outcome=rules.ADOPTED, action="suspend", title="Suspend the link",
                      summary="The link is suspended.", reasons="Visits were due.",
                      no_consultation_reason="It could not wait",
                      minutes_url="https://example.org/minutes",
                      retrospective_by=date(2026, 11, 20))


def record(link, now=NOW, **changes):
    return decisions.record_without_consultation(
        link_id=link.id, written=replace(URGENT, **changes), actor="system (tests)", now=now)


def audit_actions(subject: str) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.subject == subject).order_by(AuditEntry.seq)))


def test_an_urgent_decision_records_its_retrospective_date_in_the_row_history_and_audit(
        app, officer):
    make_link(partner_name="Kiel")
    response = submit(officer, "/officer/links/kiel/decisions/new", unconsulted())
    assert response.status_code == 302
    decision = db.session.scalars(sa.select(Decision)).one()
    assert decision.retrospective_by == TODAY + timedelta(days=30)
    assert decision.no_retrospective_reason == ""
    entry = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "decision.recorded")).one()
    assert entry.details["retrospective_by"] == decision.retrospective_by.isoformat()
    history = db.session.scalars(sa.select(LinkEvent.summary).where(
        LinkEvent.kind == "decision")).one()
    assert "A retrospective consultation will open by" in history
    shown = page(officer, f"/decisions/{decision.id}")
    assert "The council promised a retrospective consultation" in shown
    assert 'id="retrospective-overdue"' not in shown


def test_the_reason_instead_of_a_date_is_shown_and_fails_the_fairness_checks(app, officer,
                                                                              client):
    make_link(partner_name="Kiel")
    response = submit(officer, "/officer/links/kiel/decisions/new", unconsulted(
        retrospective="no", **day_fields("retrospective_by", None),
        no_retrospective_reason="The link is ended by law."))
    assert response.status_code == 302
    decision = db.session.scalars(sa.select(Decision)).one()
    assert decision.retrospective_by is None
    shown = page(client, f"/decisions/{decision.id}")
    assert "No retrospective consultation will be held:" in shown
    checks = decision_queries.checks(None, decision, min_days=42, now=NOW)
    assert checks[0].status == "failed"
    assert "No retrospective consultation will be held: The link is ended by law." in \
        checks[0].explanation


@pytest.mark.parametrize(("changes", "message"), [
    ({"retrospective": ""}, "Say whether a retrospective consultation will be held"),
    (day_fields("retrospective_by", None),
     "Enter the date by which the retrospective consultation will open"),
    ({"retrospective": "no"}, "Say why no retrospective consultation will be held"),
    (day_fields("retrospective_by", TODAY + timedelta(days=91)),
     "The retrospective consultation must open at most 90 days after the decision date"),
])
def test_the_form_asks_for_the_promise_or_the_reason(app, officer, changes, message):
    make_link(partner_name="Kiel")
    response = submit(officer, "/officer/links/kiel/decisions/new", unconsulted(**changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0


def test_the_limit_comes_from_the_setting(app, officer):
    app.config["CONSULT_RETROSPECTIVE_DAYS"] = 14
    make_link(partner_name="Kiel")
    response = submit(officer, "/officer/links/kiel/decisions/new", unconsulted())
    assert "at most 14 days after the decision date" in response.get_data(as_text=True)


def test_a_decision_cannot_be_both_consulted_and_retrospective(app):
    proposal = make_proposal(status="closed", now=NOW)
    with pytest.raises(DomainError):
        decisions.record(proposal_id=proposal.id, written=replace(
            URGENT, decided_on=NOW.date(), matched_option_id=proposal.options[0].id,
            no_consultation_reason=""), actor="system (tests)", now=NOW)
    db.session.rollback()
    row = Decision(link_id=proposal.link_id, proposal_id=proposal.id, decided_on=NOW.date(),
                   body="cabinet", outcome="adopted", action="suspend", title="t", summary="s",
                   reasons="r", retrospective_by=NOW.date(), recorded_by="test")
    db.session.add(row)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_new_columns_are_sealed_like_the_rest_of_the_record(app):
    decision = record(make_link())
    with pytest.raises(sa.exc.DatabaseError):
        db.session.execute(sa.update(Decision).where(Decision.id == decision.id).values(
            retrospective_by=date(2027, 1, 1)))
        db.session.flush()
    db.session.rollback()


def test_an_officer_opens_the_retrospective_consultation_from_the_decision(app, officer):
    link = make_link(partner_name="Kiel")
    decision = record(link)
    assert "Open the retrospective consultation" in page(officer,
                                                         f"/officer/decisions/{decision.id}")
    response = submit(officer, f"/officer/decisions/{decision.id}/retrospective", {},
                      token_from=f"/officer/decisions/{decision.id}")
    proposal = db.session.scalars(sa.select(Proposal)).one()
    assert response.headers["Location"].endswith(f"/officer/consultations/{proposal.id}/edit")
    assert proposal.status == "draft" and proposal.retrospective_of_id == decision.id
    assert proposal.action == "review" and proposal.link_id == link.id
    assert proposal.title == "Retrospective consultation: Suspend the link"
    assert "1 November 2026" in proposal.summary and proposal.reasons == "Visits were due."
    assert [o.label for o in proposal.options] == ["Keep the decision", "Reverse it"]
    assert follow_up_queries.retrospective_for(decision).id == proposal.id
    assert audit_actions(f"decision:{decision.id}")[-1] == "decision.retrospective_drafted"
    drafted = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "proposal.drafted")).one()
    assert drafted.details["retrospective_of"] == decision.id
    again = submit(officer, f"/officer/decisions/{decision.id}/retrospective", {},
                   token_from=f"/officer/decisions/{decision.id}")
    assert again.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Proposal)) == 1
    assert "Retrospective" in page(officer, "/officer/consultations")
    assert 'id="retrospective-of"' in page(officer, f"/officer/consultations/{proposal.id}")


def test_a_consulted_decision_has_no_retrospective_consultation(app):
    proposal = make_proposal(status="closed", now=NOW)
    decision = decisions.record(proposal_id=proposal.id, written=replace(
        URGENT, decided_on=NOW.date(), matched_option_id=proposal.options[0].id,
        retrospective_by=None, no_consultation_reason=""), actor="system (tests)", now=NOW)
    with pytest.raises(follow_up_rules.NoRetrospective):
        follow_up.open_retrospective(decision_id=decision.id, actor="system (tests)", now=NOW)


def _publish(proposal, opens_at, now):
    proposals.update(proposal_id=proposal.id, draft=proposals.ProposalDraft(
        link_id=proposal.link_id, action=proposal.action, title=proposal.title,
        summary=proposal.summary, reasons=proposal.reasons,
        alternatives=[{"title": "Keep it", "why_not": "Because."}],
        options=[o.label for o in proposal.options], opens_at=opens_at,
        closes_at=opens_at + timedelta(days=42)), actor="system (tests)", now=now)
    proposals.schedule(proposal_id=proposal.id, actor="system (tests)", now=now,
                       no_twin_council_reason=NO_TWIN_COUNCIL_REASON)


def test_overdue_from_the_day_after_the_date_until_a_retrospective_consultation_opens(app,
                                                                                     client):
    link = make_link(partner_name="Kiel")
    decision = record(link)
    on_the_day = datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert follow_up_queries.overdue_since(decision, on_the_day) is None
    assert follow_up_queries.overdue_since(decision, NOW) == date(2026, 11, 20)
    assert follow_up_queries.overdue_links(NOW) == [(link, date(2026, 11, 20))]
    retrospective = follow_up.open_retrospective(decision_id=decision.id, actor="t", now=NOW)
    assert follow_up_queries.overdue_since(decision, NOW) == date(2026, 11, 20)  # a draft
    _publish(retrospective, NOW + timedelta(days=2), NOW)
    assert follow_up_queries.overdue_since(decision, NOW) == date(2026, 11, 20)  # not yet open
    assert follow_up_queries.overdue_since(decision, NOW + timedelta(days=3)) is None
    checks = decision_queries.checks(None, decision, min_days=42, now=NOW + timedelta(days=3))
    assert checks[0].status == "failed" and "opened on 6 December 2026" in \
        checks[0].explanation
    own = decision_queries.checks(retrospective, None, min_days=42, now=NOW + timedelta(days=3))
    assert own[0].status == "failed" and "after the decision of 1 November 2026" in \
        own[0].explanation
    # Linked both ways: the decision finds its retrospective consultation, and back.
    assert 'id="retrospective-consultation"' in page(client, f"/decisions/{decision.id}")
    assert f'href="/decisions/{decision.id}"' in page(client,
                                                     f"/consultations/{retrospective.id}")
    api = client.get(f"/api/v1/decisions/{decision.id}").get_json()
    assert api["retrospective_consultation_id"] == retrospective.id
    listed = client.get(f"/api/v1/consultations/{retrospective.id}").get_json()
    assert listed["retrospective"] is True and listed["retrospective_of"] == decision.id


def test_the_link_the_home_page_and_the_decision_show_overdue_in_red(app, client):
    link = make_link(partner_name="Kiel")
    decision = record(link, datetime.now(UTC), retrospective_by=TODAY - timedelta(days=5),
                      decided_on=TODAY - timedelta(days=30))
    expected = "Retrospective consultation overdue since"
    for path in ("/links/kiel", "/", f"/decisions/{decision.id}", "/decisions"):
        shown = page(client, path)
        assert expected in shown and "govuk-tag--red" in shown, path


def test_the_demo_volgograd_suspension_is_overdue_since_2022(app, demo, client):
    [(decision, since)] = follow_up_queries.overdue_decisions(clock.now())
    assert decision.link.slug == "volgograd" and since == date(2022, 6, 20)
    assert "Retrospective consultation overdue since 20 June 2022" in page(client, "/")
    checks = decision_queries.checks(None, decision, min_days=42, now=clock.now())
    assert "promised by 20 June 2022 and is overdue" in checks[0].explanation


def test_the_api_gives_overdue_fields_and_filters_by_them(app, client):
    link = make_link(partner_name="Kiel")
    now = datetime.now(UTC)  # the API reads the real clock, so record on the same day
    overdue = record(link, now, retrospective_by=TODAY - timedelta(days=5),
                     decided_on=TODAY - timedelta(days=30))
    kept = record(make_link(partner_name="Graz"), now,
                  retrospective_by=TODAY + timedelta(days=5), decided_on=TODAY)
    body = client.get(f"/api/v1/decisions/{overdue.id}").get_json()
    assert body["overdue"] is True
    assert body["overdue_since"] == (TODAY - timedelta(days=5)).isoformat()
    assert body["retrospective_by"] == body["overdue_since"]
    assert body["retrospective_consultation_id"] is None
    only = client.get("/api/v1/decisions?overdue=true").get_json()
    assert [item["id"] for item in only["items"]] == [overdue.id]
    others = client.get("/api/v1/decisions?overdue=false").get_json()
    assert [item["id"] for item in others["items"]] == [kept.id]
    assert client.get("/api/v1/links/kiel").get_json()["overdue"] is True
    assert client.get("/api/v1/links/graz").get_json()["overdue"] is False
    assert client.get("/api/v1/decisions?overdue=maybe").status_code == 400


def test_the_atom_feed_and_the_officers_digest_name_the_overdue_decision(app, client, mailbox,
                                                                        monkeypatch):
    from consult.services import mail_delivery
    from tests.factories import make_user

    record(make_link(partner_name="Kiel"), retrospective_by=date(2026, 11, 2),
           decided_on=date(2026, 11, 1))
    monkeypatch.setattr(clock, "now", lambda: NOW)
    feed = client.get("/decisions/feed.atom").get_data(as_text=True)
    assert "Retrospective consultation overdue since 2026-11-02." in feed
    assert 'term="retrospective-overdue"' in feed
    assert notification_queries.work_waiting(NOW)["retrospectives_overdue"] == 1
    make_user(role="officer", email="o@example.org")
    digest_time = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
    mailbox.clear()
    assert mail_delivery.work_digests(now=digest_time) == 1
    [digest] = mailbox.to("o@example.org")
    text = digest.get_body(preferencelist=("plain",)).get_content()
    assert "Retrospective consultations overdue: 1" in text
    assert "Retrospective consultation overdue since 2 November 2026: Suspend the link" in text


def _suspension_with_review(link, review_on, decided_on=date(2026, 11, 1), now=NOW):
    return record(link, now, review_on=review_on, decided_on=decided_on, retrospective_by=None,
                  no_retrospective_reason="Settled policy")


def test_a_review_approaches_30_days_ahead_then_falls_overdue(app, officer, client):
    link = make_link(partner_name="Kiel")
    decision = _suspension_with_review(link, date(2027, 1, 31))
    assert follow_up_queries.review(link, NOW).state is None  # 58 days ahead
    soon = datetime(2027, 1, 2, 12, tzinfo=UTC)
    assert follow_up_queries.review(link, soon).state == "approaching"
    late = datetime(2027, 1, 31, 12, tzinfo=UTC)
    assert follow_up_queries.review(link, late).overdue
    assert decision_queries.reviews_due(late) == [(link, date(2027, 1, 31))]
    monkeypatch_now = pytest.MonkeyPatch()
    monkeypatch_now.setattr(clock, "now", lambda: soon)
    try:
        assert "Review coming up" in page(officer, "/officer/")
        assert "The decision is to be reviewed by" in page(client, "/links/kiel")
    finally:
        monkeypatch_now.undo()
    assert decision.review_on == date(2027, 1, 31)


def test_a_newer_decision_or_an_open_consultation_settles_the_review(app):
    link = make_link(partner_name="Kiel")
    _suspension_with_review(link, date(2026, 11, 20))
    assert follow_up_queries.review(link, NOW).overdue
    make_proposal(link=link, status="open", now=NOW)
    assert follow_up_queries.review(link, NOW).state is None
    other = make_link(partner_name="Graz")
    _suspension_with_review(other, date(2026, 11, 20))
    record(other, action="resume", decided_on=date(2026, 11, 25), retrospective_by=None,
           no_retrospective_reason="Settled policy")
    assert follow_up_queries.review(other, NOW) is None


def test_an_officer_starts_the_review_consultation_in_one_step(app, officer):
    link = make_link(partner_name="Kiel")
    decision = _suspension_with_review(link, date(2026, 11, 20))
    response = submit(officer, f"/officer/decisions/{decision.id}/review-consultation", {},
                      token_from=f"/officer/decisions/{decision.id}")
    proposal = db.session.scalars(sa.select(Proposal)).one()
    assert response.headers["Location"].endswith(f"/officer/consultations/{proposal.id}/edit")
    assert proposal.action == "review" and proposal.retrospective_of_id is None
    assert proposal.title == "Review the suspension of the twin link with Kiel"
    assert [o.label for o in proposal.options] == list(follow_up_rules.REVIEW_OPTIONS)
    assert audit_actions(f"decision:{decision.id}")[-1] == "decision.review_started"
    started = db.session.scalars(sa.select(LinkEvent).where(
        LinkEvent.kind == "review_started")).one()
    assert started.decision_id == decision.id and proposal.title in started.summary


def test_a_second_review_consultation_is_refused_while_the_first_is_in_progress(app, officer):
    link = make_link(partner_name="Kiel")
    decision = _suspension_with_review(link, date(2026, 11, 20))
    follow_up.start_review(decision_id=decision.id, actor="system (tests)", now=NOW)
    with pytest.raises(follow_up_rules.NoReview):
        follow_up.start_review(decision_id=decision.id, actor="system (tests)", now=NOW)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Proposal)) == 1


def test_an_officer_records_the_review_and_its_outcome(app, officer, client):
    link = make_link(partner_name="Kiel")
    decision = _suspension_with_review(link, TODAY - timedelta(days=1),
                                       decided_on=TODAY - timedelta(days=20),
                                       now=datetime.now(UTC))
    assert "Review overdue" in page(client, "/links/kiel")
    assert "Review overdue" in page(client, "/")
    empty = submit(officer, f"/officer/decisions/{decision.id}/review", {"outcome": ""})
    assert "Enter the outcome of the review" in empty.get_data(as_text=True)
    response = submit(officer, f"/officer/decisions/{decision.id}/review",
                      {"outcome": "Kept suspended for another year."})
    assert response.headers["Location"].endswith("/links/kiel")
    event = db.session.scalars(sa.select(LinkEvent).where(
        LinkEvent.kind == "review_recorded")).one()
    assert "Kept suspended for another year." in event.summary
    assert audit_actions(f"decision:{decision.id}")[-1] == "decision.review_recorded"
    assert "Review overdue" not in page(client, "/links/kiel")
    assert "Review recorded" in page(client, "/links/kiel")


def test_a_decision_without_a_review_date_has_no_review_to_record(app, officer):
    decision = record(make_link(partner_name="Kiel"))
    with pytest.raises(follow_up_rules.NoReview):
        follow_up.record_review(decision_id=decision.id, outcome="Done", actor="t", now=NOW)


def test_a_production_app_cannot_move_the_clock():
    production = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with pytest.raises(RuntimeError, match="only be shifted"):
        clock.shift(timedelta(days=1), app=production)
