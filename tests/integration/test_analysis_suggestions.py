"""Suggested themes and campaigns: computed in the background on request, never coding a
reason by themselves; accepted, merged into a theme or discarded by an officer, audited."""

from datetime import timedelta

import sqlalchemy as sa

from consult.models import (
    AnalysisGroup,
    AnalysisMember,
    AnalysisRun,
    AuditEntry,
    ReasonTag,
    Response,
    Theme,
    db,
)
from consult.services import analysis_runs
from tests.conftest import submit
from tests.factories import make_closed_consultation, make_user, respond

COST = ["The exchange would cost the council money it does not have.",
        "Who pays for the travel? The council budget is already stretched.",
        "Spending council money on trips while libraries close is wrong.",
        "It will cost too much money for a few students.",
        "The budget should pay for local youth clubs first, not travel."]
LANGUAGE = ["Learning German is easier with friends to speak it with.",
            "Young people practise German best with real friends in Kiel.",
            "Speaking another language like German opens doors to jobs.",
            "Pupils would finally use the German they learn in class.",
            "German lessons mean more when you have a pen friend in Kiel."]
SAFETY = ["Safeguarding must come first: host families need proper checks.",
          "Host families should be checked; safety is what parents ask about.",
          "Parents will want to know the safety checks on every host family.",
          "Proper safeguarding checks for host families, please.",
          "Safety of young people abroad must be planned with parents."]
CAMPAIGN = ["Every young person deserves the chance to meet young people in Kiel. Support it.",
            "Every young person deserves the chance to meet young people in Kiel! Support it.",
            "every young person deserves the chance to meet young people in kiel, support it",
            "Every young person deserves a chance to meet young people in Kiel. Support it.",
            "Every young person deserves the chance to meet young people in Kiel. Support it now.",
            "Every young person deserves the chance to meet the young people in Kiel. Support it."]
RUSSIAN = "Мы помним письма из Ковентри и ждём гостей снова."


def _consultation(app):
    with app.app_context():
        proposal = make_closed_consultation(choices=())
        reasons = COST + LANGUAGE + SAFETY + CAMPAIGN
        for number, reason in enumerate(reasons):
            respond(proposal, make_user(), choose=number % 2, reason=reason,
                    now=proposal.opens_at + timedelta(days=2, minutes=number))
        response = respond(proposal, make_user(), reason=RUSSIAN,
                           now=proposal.opens_at + timedelta(days=3))
        db.session.execute(sa.update(Response).where(Response.id == response.id)
                           .values(language=""))
        db.session.commit()
        return proposal.id


def _suggest(client, proposal_id):
    return submit(client, f"/officer/consultations/{proposal_id}/analysis/suggest", {},
                  token_from=f"/officer/consultations/{proposal_id}/analysis")


def _groups(kind):
    return db.session.scalars(sa.select(AnalysisGroup).where(AnalysisGroup.kind == kind)
                              .order_by(AnalysisGroup.number)).all()


def test_suggesting_themes_finds_groups_and_the_campaign_and_codes_nothing(app, officer):
    proposal_id = _consultation(app)
    answer = _suggest(officer, proposal_id)
    assert answer.status_code == 302
    with app.app_context():
        run = db.session.scalars(sa.select(AnalysisRun)).one()
        assert (run.status, run.progress, run.reasons) == ("done", 100, 22)
        suggestions = _groups("suggestion")
        assert len(suggestions) >= 2
        assert all(group.terms and group.example_ids for group in suggestions)
        campaigns = _groups("campaign")
        assert [group.size for group in campaigns] == [6]
        first = db.session.scalar(sa.select(Response.reason).where(
            Response.id == campaigns[0].example_ids[0]))
        assert first == CAMPAIGN[0]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReasonTag)) == 0
        actions = db.session.scalars(sa.select(AuditEntry.action)).all()
        assert {"analysis.requested", "analysis.finished"} <= set(actions)
        detected = db.session.scalar(sa.select(Response.detected_language).where(
            Response.reason == RUSSIAN))
        assert detected == "ru"
    page = officer.get(f"/officer/consultations/{proposal_id}/analysis").get_data(as_text=True)
    assert "6 responses used the same wording." in page
    assert "Suggestion 1" in page


def test_the_same_reasons_give_the_same_suggestions(app, officer):
    proposal_id = _consultation(app)
    _suggest(officer, proposal_id)
    with app.app_context():
        first = [(g.terms, g.example_ids, g.size) for g in _groups("suggestion")]
    _suggest(officer, proposal_id)
    with app.app_context():
        runs = db.session.scalars(sa.select(AnalysisRun).order_by(AnalysisRun.id)).all()
        assert [run.status for run in runs] == ["done", "done"]
        second = [(g.terms, g.example_ids, g.size) for g in runs[1].groups
                  if g.kind == "suggestion"]
    assert first == second


def _first_suggestion(app):
    with app.app_context():
        group = _groups("suggestion")[0]
        members = set(db.session.scalars(sa.select(AnalysisMember.response_id).where(
            AnalysisMember.group_id == group.id)))
        return group.id, members


def test_accepting_a_suggestion_makes_the_theme_and_codes_its_reasons(app, officer):
    proposal_id = _consultation(app)
    _suggest(officer, proposal_id)
    group_id, members = _first_suggestion(app)
    page = f"/officer/consultations/{proposal_id}/suggestions/{group_id}"
    assert officer.get(page).status_code == 200
    answer = submit(officer, page, {"accept-name": "Cost to the council",
                                    "accept-description": "", "accept-accept": "1"})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:3000]
    with app.app_context():
        theme = db.session.scalars(sa.select(Theme)).one()
        assert theme.name == "Cost to the council"
        tagged = set(db.session.scalars(sa.select(ReasonTag.response_id)))
        assert tagged == members
        assert db.session.get(AnalysisGroup, group_id).status == "accepted"
        entry = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action == "analysis.suggestion_accepted")).one()
        assert entry.details["tagged"] == len(members)
        texts = " ".join(str(e.details) for e in db.session.scalars(sa.select(AuditEntry)))
        assert not any(reason in texts for reason in COST + LANGUAGE + SAFETY + CAMPAIGN)
    again = submit(officer, page, {"accept-name": "Again", "accept-accept": "1"})
    assert "already been accepted or discarded" in again.get_data(as_text=True)


def test_a_suggestion_can_join_a_theme_already_there_or_be_discarded(app, officer):
    proposal_id = _consultation(app)
    _suggest(officer, proposal_id)
    with app.app_context():
        groups = _groups("suggestion")
        first, second = groups[0].id, groups[1].id
    page = f"/officer/consultations/{proposal_id}/suggestions/{first}"
    submit(officer, page, {"accept-name": "Theme one", "accept-accept": "1"})
    with app.app_context():
        theme_id = db.session.scalar(sa.select(Theme.id))
    answer = submit(officer, f"/officer/consultations/{proposal_id}/suggestions/{second}/add",
                    {"add-theme_id": str(theme_id)},
                    token_from=f"/officer/consultations/{proposal_id}/suggestions/{second}")
    assert answer.status_code == 302
    with app.app_context():
        members = set(db.session.scalars(sa.select(AnalysisMember.response_id).where(
            AnalysisMember.group_id.in_((first, second)))))
        assert set(db.session.scalars(sa.select(ReasonTag.response_id))) == members
    third = _groups_after(app)
    if third is not None:
        submit(officer, f"/officer/consultations/{proposal_id}/suggestions/{third}/discard", {},
               token_from=f"/officer/consultations/{proposal_id}/suggestions/{third}")
        with app.app_context():
            assert db.session.get(AnalysisGroup, third).status == "discarded"
            assert db.session.scalar(sa.select(sa.func.count()).select_from(ReasonTag)) \
                == len(members)


def _groups_after(app):
    with app.app_context():
        left = [g.id for g in _groups("suggestion") if g.status == "open"]
        return left[0] if left else None


def test_a_second_request_waits_for_the_first_and_a_lost_worker_is_retired(app, officer):
    proposal_id = _consultation(app)
    with app.app_context():
        stuck = AnalysisRun(proposal_id=proposal_id, status="running", progress=40,
                            requested_at=db.func.now(), started_at=None)
        db.session.add(stuck)
        db.session.commit()
        stuck_id = stuck.id
    answer = _suggest(officer, proposal_id)
    page = officer.get(answer.headers["Location"]).get_data(as_text=True)
    assert "already being worked out" in page
    with app.app_context():
        from consult import clock
        later = clock.now() + timedelta(hours=1)
        assert analysis_runs.sweep(later) == []
        assert db.session.get(AnalysisRun, stuck_id).status == "failed"
    _suggest(officer, proposal_id)
    with app.app_context():
        assert db.session.scalars(sa.select(AnalysisRun.status).order_by(AnalysisRun.id)
                                  ).all() == ["failed", "done"]


def test_the_progress_of_the_latest_run_is_given_as_json(app, officer):
    proposal_id = _consultation(app)
    assert officer.get(f"/officer/consultations/{proposal_id}/analysis/progress").json == {
        "status": "none", "progress": 0}
    _suggest(officer, proposal_id)
    answer = officer.get(f"/officer/consultations/{proposal_id}/analysis/progress")
    assert answer.json == {"status": "done", "progress": 100, "finished": True}


def test_a_campaign_or_another_consultations_suggestion_is_not_found(app, officer):
    proposal_id = _consultation(app)
    _suggest(officer, proposal_id)
    with app.app_context():
        campaign = _groups("campaign")[0].id
        suggestion = _groups("suggestion")[0].id
        other = make_closed_consultation(choices=()).id
    assert officer.get(f"/officer/consultations/{proposal_id}/suggestions/{campaign}"
                       ).status_code == 404
    assert officer.get(f"/officer/consultations/{other}/suggestions/{suggestion}"
                       ).status_code == 404
