"""The codebook (issue 17): officers add, edit, remove and merge themes through its pages; a
merge moves the codes without duplicates, with the sub-themes and quotations; everything is
audited."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from consult.domain import codebook as rules
from consult.models import AnalysisGroup, AnalysisRun, ReasonTag, Theme, db
from consult.services import codebook, coding
from tests.conftest import submit
from tests.integration.analysis_data import entries, ids, publish, reasons_consultation, tagged


def themes(proposal_id: int) -> dict[str, int | None]:
    """Each theme's name and its parent's id."""
    db.session.expire_all()
    return dict(db.session.execute(sa.select(Theme.name, Theme.parent_id)
                                   .where(Theme.proposal_id == proposal_id)).all())


def theme_id(proposal_id: int, name: str) -> int:
    return db.session.scalar(sa.select(Theme.id).where(Theme.proposal_id == proposal_id,
                                                       Theme.name == name))


def test_an_officer_adds_and_edits_themes_and_sub_themes(app, officer):
    proposal, _ = reasons_consultation()
    page = f"/officer/consultations/{proposal.id}/themes"
    response = submit(officer, page, {"name": "Safety", "description": "Roads and crime",
                                      "parent": ""})
    assert response.status_code == 302 and response.headers["Location"] == page
    assert "Theme ‘Safety’ added" in officer.get(page).get_data(as_text=True)
    safety = theme_id(proposal.id, "Safety")
    assert submit(officer, page, {"name": "Roads", "parent": str(safety)}).status_code == 302
    roads = theme_id(proposal.id, "Roads")
    response = submit(officer, f"{page}/{roads}/edit", {"name": "Road safety",
                                                        "description": "", "parent": ""})
    assert response.status_code == 302
    assert themes(proposal.id) == {"Safety": None, "Road safety": None}
    added, _sub, edited = entries()
    assert added.details == {"theme_id": safety, "theme_name": "Safety", "parent_id": None}
    assert edited.details == {"theme_id": roads, "theme_name": "Road safety", "parent_id": None,
                              "was": {"name": "Roads", "parent_id": safety}}


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": "SAFETY"}, "There is already a theme called ‘SAFETY’"),
    ({"name": ""}, "Enter the name of the theme"),
    ({"name": "x" * 81}, "The name must be 80 characters or fewer"),
    ({"name": "Trains", "description": "d" * 1001}, "1000 characters or fewer"),
    ({"name": "Trains", "parent": "sub"}, "Choose a main theme from the list"),
])
def test_a_theme_breaking_a_rule_is_refused_with_an_error_summary(app, officer, fields,
                                                                  message):
    proposal, _ = reasons_consultation()
    safety = codebook.add_theme(proposal_id=proposal.id, name="Safety", actor=officer.user,
                                now=datetime.now(UTC))
    roads = codebook.add_theme(proposal_id=proposal.id, name="Roads", parent_id=safety.id,
                               actor=officer.user, now=datetime.now(UTC))
    fields = {"parent": "", **fields}
    if fields["parent"] == "sub":  # a sub-theme is not offered as a parent: a forged post
        fields["parent"] = str(roads.id)
    response = submit(officer, f"/officer/consultations/{proposal.id}/themes", fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html and message in html
    assert len(themes(proposal.id)) == 2


def test_a_theme_with_sub_themes_cannot_become_a_sub_theme(app, officer):
    proposal, _ = reasons_consultation()
    safety = codebook.add_theme(proposal_id=proposal.id, name="Safety", actor=officer.user,
                                now=datetime.now(UTC))
    codebook.add_theme(proposal_id=proposal.id, name="Roads", parent_id=safety.id,
                       actor=officer.user, now=datetime.now(UTC))
    schools = codebook.add_theme(proposal_id=proposal.id, name="Schools", actor=officer.user,
                                 now=datetime.now(UTC))
    response = submit(officer, f"/officer/consultations/{proposal.id}/themes/{safety.id}/edit",
                      {"name": "Safety", "parent": str(schools.id)})
    assert "has sub-themes, so it cannot become a sub-theme" in response.get_data(as_text=True)
    assert themes(proposal.id)["Safety"] is None


def test_removing_a_theme_asks_first_then_takes_its_codes_off(app, officer):
    proposal, made = reasons_consultation()
    theme = codebook.add_theme(proposal_id=proposal.id, name="Safety", actor=officer.user,
                               now=datetime.now(UTC))
    coding.tag(proposal_id=proposal.id, theme_id=theme.id, response_ids=ids(made[:3]),
               actor=officer.user, now=datetime.now(UTC))
    run = AnalysisRun(proposal_id=proposal.id, status="done")
    db.session.add(run)
    db.session.flush()
    db.session.add(AnalysisGroup(run_id=run.id, kind="suggestion", number=1, terms=[],
                                 example_ids=[], status="accepted", theme_id=theme.id))
    db.session.commit()
    path = f"/officer/consultations/{proposal.id}/themes/{theme.id}/remove"
    confirm = officer.get(path).get_data(as_text=True)
    assert "taken off the 3 reasons coded with it" in confirm and tagged(theme.id)
    removed = theme.id
    response = submit(officer, path, {})
    assert response.status_code == 302
    assert themes(proposal.id) == {} and tagged(removed) == set()
    assert db.session.scalar(sa.select(AnalysisGroup.theme_id)) is None
    assert entries()[-1].details == {"theme_id": removed, "theme_name": "Safety",
                                     "reasons": 3}


def test_a_theme_with_sub_themes_is_not_removed(app, officer):
    proposal, _ = reasons_consultation()
    safety = codebook.add_theme(proposal_id=proposal.id, name="Safety", actor=officer.user,
                                now=datetime.now(UTC))
    codebook.add_theme(proposal_id=proposal.id, name="Roads", parent_id=safety.id,
                       actor=officer.user, now=datetime.now(UTC))
    path = f"/officer/consultations/{proposal.id}/themes/{safety.id}/remove"
    assert "Remove the theme</button>" not in officer.get(path).get_data(as_text=True)
    response = submit(officer, path, {}, token_from=f"/officer/consultations/{proposal.id}/themes")
    assert response.status_code == 200 and "has sub-themes" in response.get_data(as_text=True)
    with pytest.raises(rules.ThemeInUse):
        codebook.remove_theme(theme_id=safety.id, actor=officer.user, now=datetime.now(UTC))
    assert len(themes(proposal.id)) == 2


def test_merging_moves_codes_without_duplicates_with_sub_themes_and_quotations(app, officer):
    proposal, made = reasons_consultation()
    now = datetime.now(UTC)
    source = codebook.add_theme(proposal_id=proposal.id, name="Danger", actor=officer.user,
                                now=now)
    child = codebook.add_theme(proposal_id=proposal.id, name="Roads", parent_id=source.id,
                               actor=officer.user, now=now)
    target = codebook.add_theme(proposal_id=proposal.id, name="Safety", actor=officer.user,
                                now=now)
    coding.tag(proposal_id=proposal.id, theme_id=source.id, response_ids=ids(made[:3]),
               actor=officer.user, now=now)
    coding.tag(proposal_id=proposal.id, theme_id=target.id, response_ids=ids(made[2:]),
               actor=officer.user, now=now)
    for found in made:
        publish(found, officer.user)
    for theme, found in ((target, made[2]), (target, made[3]), (source, made[0]),
                         (source, made[1])):
        coding.quote(theme_id=theme.id, response_id=found.id, quoted=True, actor=officer.user,
                     now=now)
    source_id = source.id
    path = f"/officer/consultations/{proposal.id}/themes/{source.id}/merge"
    assert str(child.id) not in officer.get(path).get_data(as_text=True).split(
        'name="target"')[1].split("</select>")[0]  # not into its own sub-theme
    response = submit(officer, path, {"target": str(target.id)})
    assert response.status_code == 302
    assert "Theme ‘Danger’ merged into ‘Safety’" in officer.get(
        response.headers["Location"]).get_data(as_text=True)
    assert themes(proposal.id) == {"Roads": target.id, "Safety": None}
    assert tagged(target.id) == set(ids(made))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReasonTag)) == 4
    quoted = set(db.session.scalars(sa.select(ReasonTag.response_id).where(
        ReasonTag.quoted.is_(True))))
    assert len(quoted) == rules.MAX_QUOTES and {made[2].id, made[3].id} < quoted
    assert entries("analysis.themes_merged")[0].details == {
        "theme_id": source_id, "theme_name": "Danger", "into_theme_id": target.id,
        "into_theme_name": "Safety", "reasons": 2}


def test_a_theme_merges_neither_into_itself_nor_into_another_consultations(app, officer):
    proposal, _ = reasons_consultation()
    other, _ = reasons_consultation()
    now = datetime.now(UTC)
    mine = codebook.add_theme(proposal_id=proposal.id, name="Safety", actor=officer.user,
                              now=now)
    theirs = codebook.add_theme(proposal_id=other.id, name="Safety", actor=officer.user, now=now)
    for target in (mine, theirs):
        with pytest.raises(rules.ThemeRefused):
            codebook.merge_themes(source_id=mine.id, target_id=target.id, actor=officer.user,
                                  now=now)
    response = submit(officer, f"/officer/consultations/{proposal.id}/themes/{mine.id}/merge",
                      {"target": str(theirs.id)},
                      token_from=f"/officer/consultations/{proposal.id}/themes")
    assert "Choose a theme from the list" in response.get_data(as_text=True)
    assert officer.get(f"/officer/consultations/{other.id}/themes/{mine.id}/edit"
                       ).status_code == 404
