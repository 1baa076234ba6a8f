"""Officers draft, publish, document, extend, close, withdraw and correct consultations."""

import io
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from consult.domain.proposals import text_fingerprint
from consult.models import AuditEntry, LinkEvent, Proposal, ProposalDocument, db
from consult.queries import decision_queries
from consult.services import consultation_history, documents
from tests.conftest import csrf_token, submit
from tests.factories import NO_TWIN_COUNCIL_REASON, make_link, make_proposal

LONDON = ZoneInfo("Europe/London")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def link():
    return make_link(partner_name="Volgograd", country="Russia")


def when(name: str, moment: datetime) -> dict[str, str]:
    """The four inputs of a date-and-time field, typed in UK time."""
    local = moment.astimezone(LONDON)
    return {f"{name}-day": str(local.day), f"{name}-month": str(local.month),
            f"{name}-year": str(local.year), f"{name}-time": f"{local:%H:%M}"}


def minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def proposal_form(link, *, opens_at: datetime | None = None, closes_at: datetime | None = None,
                  **overrides) -> dict[str, str]:
    opens_at = opens_at or datetime.now(UTC) + timedelta(days=7)
    closes_at = closes_at or opens_at + timedelta(days=50)
    data = {"link_id": str(link.id), "action": "suspend", "title": "Suspend the Volgograd link",
            "summary": "The council proposes to suspend the link.",
            "reasons": "Because of **events**.", "options": "",
            "alternatives-0-title": "Keep the link", "alternatives-0-why_not": "Not enough.",
            "alternatives-1-title": "", "alternatives-1-why_not": "",
            "results_visibility": "hidden", **when("opens_at", opens_at),
            **when("closes_at", closes_at)}
    return {**data, **overrides}


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def latest_audit() -> AuditEntry:
    db.session.expire_all()
    return db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq.desc())).first()


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def reload(proposal_id: int) -> Proposal:
    db.session.expire_all()
    return db.session.get(Proposal, proposal_id)


def history(link) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(LinkEvent.kind).where(
        LinkEvent.link_id == link.id).order_by(LinkEvent.id)))


def assert_audited(officer, action: str, proposal_id: int) -> AuditEntry:
    entry = latest_audit()
    assert (entry.action, entry.subject) == (action, f"proposal:{proposal_id}")
    assert (entry.actor, entry.actor_id) == ("Olu Officer (officer)", officer.user.id)
    return entry


def create(officer, link, **kwargs) -> int:
    response = submit(officer, "/officer/consultations/new", proposal_form(link, **kwargs))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return int(re.fullmatch(r"/officer/consultations/(\d+)", response.headers["Location"])[1])


def schedule(officer, proposal_id: int, reason: str = NO_TWIN_COUNCIL_REASON):
    """Publish; without the twin city's council invited, `reason` says why (issue 16)."""
    path = f"/officer/consultations/{proposal_id}"
    return submit(officer, f"{path}/schedule", {"no_twin_council_reason": reason},
                  token_from=path)


def open_consultation(officer, link) -> int:
    """Published with an opening time already past, so it is open by the clock."""
    now = datetime.now(UTC)
    proposal_id = create(officer, link, opens_at=now - timedelta(days=1),
                         closes_at=now + timedelta(days=30))
    assert schedule(officer, proposal_id).status_code == 302
    return proposal_id


# Drafting


def test_an_officer_drafts_a_consultation_stored_in_utc_and_listed_as_a_draft(officer, link):
    opens = datetime(2027, 7, 1, 9, 0, tzinfo=LONDON)
    proposal_id = create(officer, link, opens_at=opens, closes_at=opens + timedelta(days=50),
                         **{"alternatives-3-title": "End the link",
                            "alternatives-3-why_not": "Too final."})
    proposal = reload(proposal_id)
    assert proposal.status == "draft"
    assert proposal.opens_at == datetime(2027, 7, 1, 8, 0, tzinfo=UTC)  # 09:00 BST
    assert [o.label for o in proposal.options] == ["Support", "Oppose",
                                                   "Neither support nor oppose"]
    assert proposal.alternatives == [
        {"title": "Keep the link", "why_not": "Not enough."},
        {"title": "End the link", "why_not": "Too final."}]
    assert_audited(officer, "proposal.drafted", proposal_id)
    assert "The draft has been saved." in page(officer, f"/officer/consultations/{proposal_id}")
    listing = page(officer, "/officer/consultations")
    assert "Suspend the Volgograd link" in listing and ">Draft</strong>" in listing
    assert "1 July 2027 at 09:00" in listing


def test_the_edit_form_shows_the_saved_text_and_uk_times(officer, link):
    opens = datetime(2027, 1, 10, 9, 30, tzinfo=LONDON)
    proposal_id = create(officer, link, opens_at=opens, closes_at=opens + timedelta(days=50),
                         options="Yes\nNo")
    html = page(officer, f"/officer/consultations/{proposal_id}/edit")
    assert 'name="opens_at-time" type="text" value="09:30"' in html
    assert 'name="opens_at-year" type="text" value="2027"' in html
    assert ">Yes\nNo</textarea>" in html
    assert 'value="Keep the link"' in html
    assert 'value="suspend" checked' in html


def test_an_officer_edits_a_draft_and_the_change_is_audited(officer, link):
    proposal_id = create(officer, link)
    response = submit(officer, f"/officer/consultations/{proposal_id}/edit",
                      proposal_form(link, title="Suspend the link for a year",
                                    options="Agree\nDisagree"))
    assert response.status_code == 302
    proposal = reload(proposal_id)
    assert proposal.title == "Suspend the link for a year"
    assert [o.label for o in proposal.options] == ["Agree", "Disagree"]
    assert_audited(officer, "proposal.edited", proposal_id)


def test_bad_input_on_the_proposal_form_is_shown_and_what_was_typed_is_kept(officer, link):
    data = proposal_form(link, title="", summary="Typed summary stays.",
                         **{"opens_at-time": "25:00", "alternatives-2-why_not": "Orphan."})
    response = submit(officer, "/officer/consultations/new", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Error: " in html
    assert "Enter the title" in html
    assert "enter the time on the 24-hour clock" in html
    assert "Enter the alternative, or leave both boxes empty" in html
    assert "Typed summary stays." in html and 'value="25:00"' in html
    assert count(Proposal) == 0


@pytest.mark.parametrize("options, message", [
    ("Only one", "Give between 2 and 8 response options"),
    ("Yes\nyes", "Each response option must be different"),
    ("\n".join(f"Option {n}" for n in range(9)), "Give between 2 and 8 response options"),
])
def test_response_options_must_be_two_to_eight_different_labels(officer, link, options,
                                                                message):
    response = submit(officer, "/officer/consultations/new", proposal_form(link, options=options))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="options-error"' in html and message in html
    assert f">{options}</textarea>" in html
    assert count(Proposal) == 0


def test_a_closing_time_before_the_opening_time_is_refused(officer, link):
    opens = datetime.now(UTC) + timedelta(days=10)
    response = submit(officer, "/officer/consultations/new", proposal_form(
        link, opens_at=opens, closes_at=opens - timedelta(days=1)))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="closes_at-error"' in html
    assert "The closing date must be after the opening date" in html


def test_a_time_skipped_when_the_clocks_go_forward_is_refused(officer, link):
    data = proposal_form(link, **{"opens_at-day": "28", "opens_at-month": "3",
                                  "opens_at-year": "2027", "opens_at-time": "01:30"})
    html = submit(officer, "/officer/consultations/new", data).get_data(as_text=True)
    assert "does not exist in UK time" in html


# Documents


def test_an_officer_adds_a_link_and_a_pdf_and_removes_one(officer, link, app):
    proposal_id = create(officer, link)
    path = f"/officer/consultations/{proposal_id}/documents"
    response = submit(officer, path, {"title": "Council report",
                                      "url": "https://example.org/report"})
    assert response.status_code == 302 and response.headers["Location"] == path
    assert_audited(officer, "proposal.document_added", proposal_id)
    response = submit(officer, path, {"title": "Minutes", "url": "",
                                      "file": (io.BytesIO(PDF), "minutes.pdf")})
    assert response.status_code == 302
    upload = db.session.scalars(sa.select(ProposalDocument).where(
        ProposalDocument.title == "Minutes")).one()
    assert upload.size == len(PDF) and upload.stored_name.endswith(".pdf")
    with app.app_context():
        assert documents.path_of(upload).read_bytes() == PDF
    html = page(officer, path)
    assert "Council report" in html and "Minutes" in html and upload.sha256 in html
    remove = f"{path}/{upload.id}/remove"
    assert submit(officer, remove, {}, token_from=path).status_code == 302
    assert_audited(officer, "proposal.document_removed", proposal_id)
    db.session.expire_all()
    assert [d.title for d in reload(proposal_id).documents] == ["Council report"]


@pytest.mark.parametrize("content, message", [
    (b"<html>not a pdf</html>", "The selected file must be a PDF"),
    (b"%PDF-" + b"0" * (10 * 1024 * 1024), "The selected file must be smaller than 10 MB"),
])
def test_a_file_that_is_not_a_small_pdf_is_refused_on_the_form(officer, link, content, message):
    proposal_id = create(officer, link)
    path = f"/officer/consultations/{proposal_id}/documents"
    response = submit(officer, path, {"title": "Typed title", "url": "",
                                      "file": (io.BytesIO(content), "report.pdf")})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="file-error"' in html and message in html
    assert 'value="Typed title"' in html
    assert count(ProposalDocument) == 0


def test_an_upload_larger_than_the_request_limit_gets_413_not_an_error(officer, link):
    proposal_id = create(officer, link)
    path = f"/officer/consultations/{proposal_id}/documents"
    response = submit(officer, path, {"title": "Huge", "url": "",
                                      "file": (io.BytesIO(b"%PDF-" + b"0" * 13_000_000),
                                               "huge.pdf")})
    assert response.status_code == 413
    assert count(ProposalDocument) == 0


def test_a_document_needs_one_web_address_or_one_file(officer, link):
    proposal_id = create(officer, link)
    path = f"/officer/consultations/{proposal_id}/documents"
    html = submit(officer, path, {"title": "Report", "url": ""}).get_data(as_text=True)
    assert "Enter a web address or choose a PDF to upload" in html
    html = submit(officer, path, {"title": "Report", "url": "javascript:alert(1)"}
                  ).get_data(as_text=True)
    assert "Enter a web address starting with https://" in html
    assert count(ProposalDocument) == 0


def test_a_document_of_another_consultation_cannot_be_removed_through_this_one(officer, link):
    first, second = create(officer, link), create(officer, link)
    path = f"/officer/consultations/{first}/documents"
    submit(officer, path, {"title": "Report", "url": "https://example.org/r"})
    document = db.session.scalars(sa.select(ProposalDocument)).one()
    response = submit(officer, f"/officer/consultations/{second}/documents/{document.id}/remove",
                      {}, token_from=path)
    assert response.status_code == 404
    assert count(ProposalDocument) == 1


# Publishing


def test_the_manage_page_warns_before_publishing_without_blocking_it(officer, link):
    opens = datetime.now(UTC) + timedelta(days=2)
    proposal_id = create(officer, link, opens_at=opens, closes_at=opens + timedelta(days=14),
                         reasons="")
    html = page(officer, f"/officer/consultations/{proposal_id}")
    assert "No reasons are given for the proposal." in html
    assert "No background document is attached." in html
    assert "less than the 42-day minimum" in html
    assert "Publish the consultation" in html
    response = schedule(officer, proposal_id)
    assert response.status_code == 302
    proposal = reload(proposal_id)
    assert proposal.status == "scheduled" and len(proposal.fingerprint) == 64
    entry = assert_audited(officer, "proposal.scheduled", proposal_id)
    assert entry.details["fingerprint"] == proposal.fingerprint
    html = page(officer, f"/officer/consultations/{proposal_id}")
    assert ">Upcoming</strong>" in html and proposal.fingerprint in html
    assert "Publish the consultation" not in html


def test_publishing_with_an_opening_time_already_past_opens_it_now_and_says_so(officer, link,
                                                                            client):
    before = datetime.now(UTC)
    typed_opening = minute(before - timedelta(days=45))
    proposal_id = create(officer, link, opens_at=typed_opening,
                         closes_at=minute(before) + timedelta(minutes=3))
    html = page(officer, f"/officer/consultations/{proposal_id}")
    assert "The opening time has passed: publishing now opens the consultation now." in html
    assert schedule(officer, proposal_id).status_code == 302
    proposal = reload(proposal_id)
    assert before <= proposal.opens_at <= datetime.now(UTC)
    entry = assert_audited(officer, "proposal.scheduled", proposal_id)
    assert entry.details["opens_at"] == proposal.opens_at.isoformat()
    assert entry.details["opening_set_for"] == typed_opening.isoformat()
    html = page(officer, f"/officer/consultations/{proposal_id}")
    assert "had passed, so it opened now, when it was published." in html
    today = proposal.opens_at.astimezone(LONDON)
    public = page(client, f"/consultations/{proposal_id}")
    assert f"From {today.day} {today:%B %Y} at {today:%H:%M}" in public
    typed = typed_opening.astimezone(LONDON)
    assert f"From {typed.day} {typed:%B %Y}" not in public
    after_close = proposal.closes_at + timedelta(minutes=1)
    consultation_history.settle_now(proposal_id=proposal.id, now=after_close)
    opened = db.session.scalar(sa.select(LinkEvent).where(
        LinkEvent.proposal_id == proposal_id, LinkEvent.kind == "consultation_opened"))
    assert opened.occurred_on == today.date().isoformat()
    time_check = decision_queries.checks(proposal, None, min_days=42, now=after_close)[2]
    assert (time_check.status, time_check.explanation) == (
        "failed", "It ran for 0 days, less than the 42-day minimum.")


def test_an_upcoming_consultation_edited_to_open_in_the_past_opens_when_saved(officer, link):
    now = datetime.now(UTC)
    proposal_id = create(officer, link, opens_at=now + timedelta(days=1),
                         closes_at=now + timedelta(days=50))
    assert schedule(officer, proposal_id).status_code == 302
    path = f"/officer/consultations/{proposal_id}/edit"
    response = submit(officer, path, proposal_form(link, opens_at=now - timedelta(days=30),
                                                   closes_at=now + timedelta(days=50)))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert now <= reload(proposal_id).opens_at <= datetime.now(UTC)


def test_publishing_without_dates_is_refused_on_the_manage_page(officer, link):
    data = proposal_form(link)
    for part in ("day", "month", "year", "time"):
        data[f"opens_at-{part}"] = data[f"closes_at-{part}"] = ""
    response = submit(officer, "/officer/consultations/new", data)
    proposal_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = schedule(officer, proposal_id)
    assert response.status_code == 200
    assert "Set the opening and closing dates first" in response.get_data(as_text=True)
    assert reload(proposal_id).status == "draft"


def test_editing_a_scheduled_consultation_refreshes_its_fingerprint(officer, link):
    proposal_id = create(officer, link)
    schedule(officer, proposal_id)
    before = reload(proposal_id).fingerprint
    submit(officer, f"/officer/consultations/{proposal_id}/edit",
           proposal_form(link, summary="A clearer summary."))
    assert reload(proposal_id).fingerprint not in ("", before)


def test_clearing_the_dates_of_a_scheduled_consultation_is_refused(officer, link):
    proposal_id = create(officer, link)
    schedule(officer, proposal_id)
    data = proposal_form(link)
    for part in ("day", "month", "year", "time"):
        data[f"closes_at-{part}"] = ""
    response = submit(officer, f"/officer/consultations/{proposal_id}/edit", data)
    assert response.status_code == 200
    assert "needs opening and closing dates" in response.get_data(as_text=True)
    assert reload(proposal_id).closes_at is not None


def test_a_document_added_after_publishing_changes_the_fingerprint(officer, link):
    proposal_id = create(officer, link)
    schedule(officer, proposal_id)
    before = reload(proposal_id).fingerprint
    submit(officer, f"/officer/consultations/{proposal_id}/documents",
           {"title": "Report", "url": "https://example.org/r"})
    proposal = reload(proposal_id)
    assert proposal.fingerprint not in ("", before)
    assert proposal.fingerprint == text_fingerprint(proposal.published_text())


# Once open


def test_a_published_consultation_opens_by_the_clock_and_its_text_freezes(officer, link):
    proposal_id = open_consultation(officer, link)
    assert ">Open</strong>" in page(officer, f"/officer/consultations/{proposal_id}")
    edit = f"/officer/consultations/{proposal_id}/edit"
    assert "so its text is frozen" in page(officer, edit)
    response = submit(officer, edit, proposal_form(link, title="A sneaky new title"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "The consultation has opened, so its text is frozen." in html
    assert 'value="A sneaky new title"' in html
    assert reload(proposal_id).title == "Suspend the Volgograd link"
    response = submit(officer, f"/officer/consultations/{proposal_id}/documents",
                      {"title": "Late", "url": "https://example.org/late"})
    assert response.status_code == 200
    assert count(ProposalDocument) == 0


def test_a_correction_note_is_dated_shown_and_audited(officer, link):
    proposal_id = open_consultation(officer, link)
    path = f"/officer/consultations/{proposal_id}/notes/new"
    response = submit(officer, path, {"body": ""})
    assert response.status_code == 200 and "Enter the correction" in response.get_data(
        as_text=True)
    response = submit(officer, path, {"body": "The map in section 2 was wrong."})
    assert response.status_code == 302
    entry = assert_audited(officer, "proposal.note_added", proposal_id)
    assert entry.details["body"] == "The map in section 2 was wrong."
    html = page(officer, f"/officer/consultations/{proposal_id}")
    assert "The map in section 2 was wrong." in html and "Olu Officer (officer)" in html
    assert history(link) == ["consultation_opened"]


def test_a_draft_gets_no_correction_note(officer, link):
    proposal_id = create(officer, link)
    response = submit(officer, f"/officer/consultations/{proposal_id}/notes/new",
                      {"body": "Typed note."})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "A draft can simply be edited" in html and "Typed note." in html


def test_an_open_consultation_can_be_extended_but_never_shortened(officer, link):
    proposal_id = open_consultation(officer, link)
    path = f"/officer/consultations/{proposal_id}/extend"
    closes = reload(proposal_id).closes_at
    response = submit(officer, path, when("closes_at", closes - timedelta(days=3)))
    assert response.status_code == 200
    assert "can be extended, never shortened" in response.get_data(as_text=True)
    assert reload(proposal_id).closes_at == closes
    later = minute(closes + timedelta(days=14))
    response = submit(officer, path, when("closes_at", later))
    assert response.status_code == 302
    proposal = reload(proposal_id)
    assert proposal.closes_at == later and proposal.published_closes_at == closes
    entry = assert_audited(officer, "proposal.extended", proposal_id)
    assert entry.details == {"from": closes.isoformat(), "to": later.isoformat()}
    assert history(link) == ["consultation_opened", "consultation_extended"]
    assert "First published to close" in page(officer, f"/officer/consultations/{proposal_id}")


def test_an_extension_needs_a_real_date(officer, link):
    proposal_id = open_consultation(officer, link)
    response = submit(officer, f"/officer/consultations/{proposal_id}/extend",
                      {"closes_at-day": "31", "closes_at-month": "2", "closes_at-year": "2030",
                       "closes_at-time": "12:00"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "must be a real date" in html and 'value="31"' in html


def test_closing_early_needs_a_public_reason_and_records_the_close(officer, link):
    proposal_id = open_consultation(officer, link)
    path = f"/officer/consultations/{proposal_id}/close"
    response = submit(officer, path, {"reason": ""})
    assert response.status_code == 200
    assert "Enter the public reason" in response.get_data(as_text=True)
    assert reload(proposal_id).closed_early_at is None
    response = submit(officer, path, {"reason": "The council has dissolved the committee."})
    assert response.status_code == 302
    proposal = reload(proposal_id)
    assert proposal.closed_early_at is not None
    assert proposal.close_reason == "The council has dissolved the committee."
    closed = db.session.scalars(sa.select(AuditEntry).filter_by(
        action="proposal.closed_early")).one()
    assert (closed.actor_id, closed.details) == (
        officer.user.id, {"reason": "The council has dissolved the committee."})
    assert history(link) == ["consultation_opened", "consultation_closed"]
    html = page(officer, f"/officer/consultations/{proposal_id}")
    assert ">Closed</strong>" in html and "Extend the closing date" not in html


def test_closing_a_consultation_that_is_not_open_is_refused(officer, link):
    proposal_id = create(officer, link)
    response = submit(officer, f"/officer/consultations/{proposal_id}/close",
                      {"reason": "Typed reason."})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "This consultation is not open" in html and "Typed reason." in html


def test_withdrawing_needs_a_public_reason_and_is_added_to_the_history(officer, link):
    proposal_id = open_consultation(officer, link)
    path = f"/officer/consultations/{proposal_id}/withdraw"
    response = submit(officer, path, {"reason": ""})
    assert "Enter the public reason" in response.get_data(as_text=True)
    response = submit(officer, path, {"reason": "   "})
    assert response.status_code == 200
    assert "Give the public reason for withdrawing" in response.get_data(as_text=True)
    response = submit(officer, path, {"reason": "The partner city asked us to pause."})
    assert response.status_code == 302
    proposal = reload(proposal_id)
    assert proposal.status == "withdrawn"
    assert proposal.withdrawn_reason == "The partner city asked us to pause."
    entry = assert_audited(officer, "proposal.withdrawn", proposal_id)
    assert entry.details == {"reason": "The partner city asked us to pause.", "was": "open"}
    assert history(link) == ["consultation_opened", "consultation_withdrawn"]
    response = submit(officer, path, {"reason": "Again."})
    assert "cannot go from “Withdrawn” to “Withdrawn”" in response.get_data(as_text=True)


def test_hidden_results_cannot_be_shown_while_open_but_shown_ones_can_be_hidden(officer, link):
    proposal_id = open_consultation(officer, link)
    manage = f"/officer/consultations/{proposal_id}"
    path = f"{manage}/results-visibility"
    response = submit(officer, path, {"results": "shown"}, token_from=manage)
    assert response.status_code == 200
    assert "cannot be shown while the consultation is open" in response.get_data(as_text=True)
    assert reload(proposal_id).results_visibility == "hidden"
    response = submit(officer, path, {"results": "bogus"}, token_from=manage)
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(
        as_text=True)

    other = make_proposal(link=link, status="open", results_visibility="shown")
    manage = f"/officer/consultations/{other.id}"
    response = submit(officer, f"{manage}/results-visibility", {"results": "hidden"},
                      token_from=manage)
    assert response.status_code == 302
    assert reload(other.id).results_visibility == "hidden"
    entry = assert_audited(officer, "proposal.results_visibility", other.id)
    assert entry.details == {"from": "shown", "to": "hidden"}


# Safety


def test_officer_markdown_is_rendered_without_running_any_script(officer, link):
    proposal_id = create(officer, link, reasons="## Why\n\n<script>alert(1)</script> "
                                                "[x](javascript:alert(2))")
    html = page(officer, f"/officer/consultations/{proposal_id}")
    assert '<h3 class="govuk-heading-s">Why</h3>' in html
    assert "<script>alert(1)" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_unknown_consultation_is_not_found(officer):
    assert officer.get("/officer/consultations/999").status_code == 404
    assert officer.get("/officer/consultations/999/edit").status_code == 404


CONSULTATION_PATHS = ["", "/edit", "/schedule", "/documents", "/documents/{doc}/remove",
                      "/extend", "/close", "/withdraw", "/notes/new", "/results-visibility"]


def test_a_resident_is_refused_every_consultation_page(signed_in, link):
    proposal = make_proposal(link=link, status="open")
    resident = signed_in("resident")
    assert resident.get("/officer/consultations").status_code == 403
    assert resident.get("/officer/consultations/new").status_code == 403
    token = csrf_token(resident, "/account")
    for suffix in CONSULTATION_PATHS:
        path = f"/officer/consultations/{proposal.id}" + suffix.format(doc=1)
        assert resident.get(path).status_code in (403, 405)
        assert resident.post(path, data={"csrf_token": token}).status_code in (403, 405)
    assert reload(proposal.id).status == "scheduled"


# The clock


def test_the_settle_command_records_openings_and_closings_once(app, link):
    make_proposal(link=link, status="open")
    make_proposal(link=link, status="closed")
    make_proposal(link=link, status="scheduled")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["consultations", "settle"])
    assert result.exit_code == 0, result.output
    assert "3 new history events" in result.output
    assert sorted(history(link)) == ["consultation_closed", "consultation_opened",
                                     "consultation_opened"]
    again = runner.invoke(args=["consultations", "settle"])
    assert "0 new history events" in again.output


def test_the_minimum_consultation_length_comes_from_the_environment(monkeypatch):
    from consult import config

    assert config.load()["CONSULT_MIN_CONSULTATION_DAYS"] == 42
    monkeypatch.setenv("CONSULT_MIN_CONSULTATION_DAYS", "28")
    assert config.load()["CONSULT_MIN_CONSULTATION_DAYS"] == 28


def test_the_manage_page_links_to_the_public_page_and_results_once_published(officer, link):
    proposal_id = create(officer, link)
    draft = page(officer, f"/officer/consultations/{proposal_id}")
    assert f'href="/consultations/{proposal_id}"' not in draft
    assert "appear once the consultation is published" in draft

    schedule(officer, proposal_id)
    html = page(officer, f"/officer/consultations/{proposal_id}")
    assert f'href="/consultations/{proposal_id}"' in html
    assert f'href="/consultations/{proposal_id}/results"' in html
