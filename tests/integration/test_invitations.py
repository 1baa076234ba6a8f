"""Who was invited (issue 16): officers keep the list until the opening; from then it is frozen
and a later invitation is a dated addition; publishing without the twin city's council needs a
public reason; the list and the fifth fairness check are public, on the page and in the API."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from consult.domain import days
from consult.domain import invitations as rules
from consult.models import AuditEntry, Proposal, ProposalInvitation, db
from consult.queries import decision_queries
from consult.services import invitations, proposals
from tests.conftest import submit
from tests.factories import make_invitation, make_proposal


def form(**overrides) -> dict[str, str]:
    today = days.london_day(datetime.now(UTC))
    data = {"name": "Volgograd City Administration", "kind": "twin_council", "channel": "letter",
            "invited_on-day": str(today.day), "invited_on-month": str(today.month),
            "invited_on-year": str(today.year)}
    data.update(overrides)
    return data


def draft(**overrides) -> rules.InvitationDraft:
    values = dict(name="Coventry twinning association", kind="twinning_association",
                  invited_on=date(2026, 1, 1), channel="email")
    values.update(overrides)
    return rules.InvitationDraft(**values)


def rows() -> list[ProposalInvitation]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(ProposalInvitation).order_by(ProposalInvitation.id)))


def audited(prefix: str = "proposal.invitation") -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action.like(f"{prefix}%")).order_by(AuditEntry.seq)))


def reload(proposal_id: int) -> Proposal:
    db.session.expire_all()
    return db.session.get(Proposal, proposal_id)


def test_an_officer_adds_edits_and_removes_invitations_before_the_opening(app, officer):
    proposal = make_proposal(status="scheduled")
    page = f"/officer/consultations/{proposal.id}/invitations"
    assert submit(officer, page, form()).status_code == 302
    assert submit(officer, page, form(name="Coventry–Volgograd friendship group",
                                      kind="twinning_association", channel="email"))\
        .status_code == 302
    first, second = rows()
    assert (first.name, first.kind, first.channel, first.added_after_opening_at) == (
        "Volgograd City Administration", "twin_council", "letter", None)
    listing = officer.get(page).get_data(as_text=True)
    assert "Coventry–Volgograd friendship group" in listing and "Twinning association" in listing
    response = submit(officer, f"{page}/{second.id}/edit", form(
        name="Coventry–Volgograd friendship group", kind="community_group", channel="meeting"))
    assert response.status_code == 302
    assert (rows()[1].kind, rows()[1].channel) == ("community_group", "meeting")
    response = submit(officer, f"{page}/{second.id}/remove", {}, token_from=page)
    assert response.status_code == 302 and [row.id for row in rows()] == [first.id]
    entries = audited()
    assert [entry.action for entry in entries] == [
        "proposal.invitation_added", "proposal.invitation_added",
        "proposal.invitation_edited", "proposal.invitation_removed"]
    assert entries[0].details == {"invitation_id": first.id,
                                  "name": "Volgograd City Administration",
                                  "kind": "twin_council", "channel": "letter",
                                  "invited_on": first.invited_on.isoformat()}
    assert entries[2].details["was"]["kind"] == "twinning_association"
    assert entries[2].details["kind"] == "community_group"
    assert all(entry.actor == "Olu Officer (officer)" for entry in entries)


def test_a_future_date_or_a_missing_name_is_refused_and_what_was_typed_is_kept(app, officer):
    proposal = make_proposal(status="draft")
    page = f"/officer/consultations/{proposal.id}/invitations"
    tomorrow = days.london_day(datetime.now(UTC)) + timedelta(days=1)
    response = submit(officer, page, form(**{
        "name": "Kiel schools", "invited_on-day": str(tomorrow.day),
        "invited_on-month": str(tomorrow.month), "invited_on-year": str(tomorrow.year)}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert "must be today or in the past" in html and "Kiel schools" in html
    response = submit(officer, page, form(name="", channel="pigeon"))
    html = response.get_data(as_text=True)
    assert "Enter the name of the group invited" in html and "Not a valid choice" in html
    assert rows() == [] and audited() == []


def test_once_open_the_list_is_frozen_and_an_addition_is_dated(app, officer):
    now = datetime.now(UTC)
    proposal = make_proposal(status="open", now=now, invited=("twin_council",))
    before = rows()[0]
    with pytest.raises(rules.InvitationRefused, match="frozen"):
        invitations.edit(proposal_id=proposal.id, invitation_id=before.id,
                         draft=draft(kind="twin_council"), actor=officer.user, now=now)
    with pytest.raises(rules.InvitationRefused, match="frozen"):
        invitations.remove(proposal_id=proposal.id, invitation_id=before.id,
                           actor=officer.user, now=now)
    page = f"/officer/consultations/{proposal.id}/invitations"
    edit = officer.get(f"{page}/{before.id}/edit")
    assert edit.status_code == 302 and edit.headers["Location"] == page
    response = submit(officer, f"{page}/{before.id}/remove", {}, token_from=page)
    assert response.status_code == 302 and len(rows()) == 1
    assert "is frozen" in officer.get(page).get_data(as_text=True)

    assert submit(officer, page, form(name="Coventry twinning association",
                                      kind="twinning_association")).status_code == 302
    later = rows()[1]
    assert later.added_after_opening_at is not None and later.added_after_opening_at > now
    assert audited()[-1].action == "proposal.invitation_added_after_opening"
    public = officer.get(f"/consultations/{proposal.id}").get_data(as_text=True)
    assert "Coventry twinning association" in public
    assert "after the consultation opened" in public
    check = decision_queries.checks(reload(proposal.id), None, min_days=42, now=now)[4]
    assert (check.status, check.explanation) == (
        "failed", "A local twinning association or community group was only invited after it "
        "opened.")


def test_a_withdrawn_consultation_takes_no_invitations(app, officer):
    proposal = make_proposal(status="withdrawn")
    with pytest.raises(rules.InvitationRefused, match="withdrawn"):
        invitations.add(proposal_id=proposal.id, draft=draft(), actor=officer.user,
                        now=datetime.now(UTC))
    page = officer.get(f"/officer/consultations/{proposal.id}/invitations")
    assert "no invitations can be added" in page.get_data(as_text=True)


def test_another_consultations_invitation_is_not_found(app, officer):
    mine, theirs = make_proposal(), make_proposal()
    other = make_invitation(theirs)
    page = f"/officer/consultations/{mine.id}/invitations/{other.id}"
    assert officer.get(f"{page}/edit").status_code == 404
    response = submit(officer, f"{page}/remove", {},
                      token_from=f"/officer/consultations/{mine.id}/invitations")
    assert response.status_code == 404 and len(rows()) == 1


def publish(officer, proposal_id: int, reason: str | None = None):
    path = f"/officer/consultations/{proposal_id}"
    data = {} if reason is None else {"no_twin_council_reason": reason}
    return submit(officer, f"{path}/schedule", data, token_from=path)


def test_publishing_without_the_twin_council_asks_why_and_shows_the_reason(app, officer, client):
    proposal = make_proposal(status="draft", invited=("twinning_association",))
    manage = officer.get(f"/officer/consultations/{proposal.id}").get_data(as_text=True)
    assert 'name="no_twin_council_reason"' in manage
    assert "The twin city’s council is not on the list of who was invited." in manage
    response = publish(officer, proposal.id, "")
    assert response.status_code == 200
    assert "Say why, or add its invitation first." in response.get_data(as_text=True)
    assert reload(proposal.id).status == "draft"
    reason = "Official contacts with the city administration are suspended."
    assert publish(officer, proposal.id, reason).status_code == 302
    published = reload(proposal.id)
    assert published.status == "scheduled" and published.no_twin_council_reason == reason
    entry = audited("proposal.scheduled")[-1]
    assert entry.details["no_twin_council_reason"] == reason
    public = client.get(f"/consultations/{proposal.id}").get_data(as_text=True)
    assert "Why the twin city’s council was not invited" in public and reason in public
    api = client.get(f"/api/v1/consultations/{proposal.id}").get_json()
    assert api["no_twin_council_reason"] == reason


def test_publishing_with_the_twin_council_invited_asks_nothing_and_keeps_no_reason(
        app, officer, client):
    proposal = make_proposal(status="draft", invited=("twin_council", "community_group"))
    manage = officer.get(f"/officer/consultations/{proposal.id}").get_data(as_text=True)
    assert 'name="no_twin_council_reason"' not in manage
    assert publish(officer, proposal.id, "Typed anyway.").status_code == 302
    published = reload(proposal.id)
    assert published.status == "scheduled" and published.no_twin_council_reason == ""
    assert "no_twin_council_reason" not in audited("proposal.scheduled")[-1].details
    public = client.get(f"/consultations/{proposal.id}").get_data(as_text=True)
    assert "Why the twin city’s council was not invited" not in public


def test_once_published_the_only_twin_council_invitation_cannot_be_dropped(app, officer):
    proposal = make_proposal(status="scheduled", invited=("twin_council",))
    twin = rows()[0]
    page = f"/officer/consultations/{proposal.id}/invitations"
    response = submit(officer, f"{page}/{twin.id}/remove", {}, token_from=page)
    assert response.status_code == 302 and len(rows()) == 1
    assert "cannot be removed" in officer.get(page).get_data(as_text=True)
    response = submit(officer, f"{page}/{twin.id}/edit", form(kind="other"))
    assert response.status_code == 200 and rows()[0].kind == "twin_council"
    assert submit(officer, f"{page}/{twin.id}/edit", form(name="Volgograd City Duma"))\
        .status_code == 302
    assert rows()[0].name == "Volgograd City Duma"


def test_the_api_lists_who_was_invited_with_dated_additions(app, client):
    now = datetime.now(UTC)
    proposal = make_proposal(status="open", now=now, invited=("twin_council",))
    make_invitation(proposal, kind="community_group", name="Ukrainian community groups",
                    channel="meeting", now=now)
    body = client.get(f"/api/v1/consultations/{proposal.id}").get_json()
    first, later = body["invitations"]
    assert first["kind"] == "twin_council" and not first["added_after_opening"]
    assert later == {
        "name": "Ukrainian community groups", "kind": "community_group",
        "kind_label": "Community or diaspora group", "invited_on": days.london_day(now)
        .isoformat(), "channel": "meeting", "channel_label": "Meeting",
        "demonstration": False, "added_after_opening": True,
        "added_at": later["added_at"]}
    assert datetime.fromisoformat(later["added_at"]) >= proposal.opens_at
    assert body["no_twin_council_reason"] == ""


def test_a_drafts_invitations_are_not_public(app, client):
    proposal = make_proposal(status="draft", invited=("twin_council",))
    assert client.get(f"/api/v1/consultations/{proposal.id}").status_code == 404
    assert client.get(f"/consultations/{proposal.id}").status_code == 404


def test_the_fifth_check_passes_on_the_public_page_when_those_most_affected_were_invited(
        app, client):
    now = datetime.now(UTC)
    fair = make_proposal(status="open", now=now, invited=("twin_council", "community_group"))
    html = client.get(f"/consultations/{fair.id}").get_data(as_text=True)
    assert "The people most affected were invited" in html
    assert ("The twin city’s council and a local twinning association or community group were "
            "invited before it opened.") in html
    unfair = make_proposal(status="open", now=now, invited=("school",))
    html = client.get(f"/consultations/{unfair.id}").get_data(as_text=True)
    assert ("Neither the twin city’s council nor a local twinning association or community "
            "group was invited.") in html
    assert "Not asked in this test." in html
    upcoming = make_proposal(status="scheduled", invited=())
    check = decision_queries.checks(upcoming, None, min_days=42, now=now)[4]
    assert check.status == "not_yet"


def test_publishing_through_the_service_refuses_a_missing_reason(app):
    proposal = make_proposal(status="draft")
    with pytest.raises(rules.InvitationRefused):
        proposals.schedule(proposal_id=proposal.id, actor="system (tests)",
                           now=datetime.now(UTC))
    assert reload(proposal.id).status == "draft"
