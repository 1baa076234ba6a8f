"""The public audit log: head, filtered pages, one entry, the JSON Lines export, staff actions."""

import json
import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from consult.domain import audit
from consult.models import AuditEntry, User, db
from consult.services import accounts, discussion, links
from tests.factories import NOW, make_event, make_link, make_user
from tests.integration.moderation_data import comment_on, open_proposal

ROW = re.compile(r'<tr class="govuk-table__row" id="entry-(\d+)(?:-lane-(\d+))?">')


def listed_seqs(html: str) -> list[int]:
    """Main-log entries listed, by seq."""
    return [int(seq) for seq, lane in ROW.findall(html) if not lane]


def listed(html: str) -> list[tuple[int, int]]:
    """Every entry listed, as (lane, seq)."""
    return [(int(lane or 0), int(seq)) for seq, lane in ROW.findall(html)]


def all_entries() -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.lane,
                                                                  AuditEntry.seq)))


def link_at(name: str, when: datetime):
    details = links.LinkDetails(partner_name=name, country="Germany", began="1947",
                                sources=["https://example.org/source"])
    return links.create_link(details, home_place="Coventry", actor="system (tests)", now=when)


def test_the_audit_page_shows_the_latest_sequence_number_and_head_hash(client):
    make_link(partner_name="Volgograd", country="Russia")
    head = all_entries()[-1]
    html = client.get("/audit").get_data(as_text=True)
    assert f'<a class="govuk-link" href="/audit/entries/{head.seq}">Entry {head.seq}</a>' in html
    assert f'id="head-hash">{head.hash}</code>' in html
    assert 'href="/audit/log.jsonl"' in html and 'href="/audit/verify.py"' in html


def test_an_empty_log_shows_the_genesis_hash_as_its_head(client):
    html = client.get("/audit").get_data(as_text=True)
    assert f'id="head-hash">{audit.GENESIS}</code>' in html
    assert "None yet" in html


def test_the_list_shows_fifty_entries_a_page_newest_first(client, demo):
    """Newest first across all lanes: by time, then lane, then seq, so pages meet exactly."""
    newest = sorted(all_entries(), key=lambda e: (e.occurred_at, e.lane, e.seq), reverse=True)
    first = listed(client.get("/audit").get_data(as_text=True))
    second = listed(client.get("/audit?page=2").get_data(as_text=True))
    assert first + second == [(entry.lane, entry.seq) for entry in newest[:100]]
    assert len(first) == 50 and {lane for lane, _ in first + second} != {0}


def test_a_page_past_the_end_or_not_a_number_shows_the_first_page(client, demo):
    first = listed_seqs(client.get("/audit").get_data(as_text=True))
    for page in ("999999", "0", "-1", "two", "1e3", "9" * 40, "%00"):
        response = client.get(f"/audit?page={page}")
        assert response.status_code in (200, 400), page
        if response.status_code == 200:
            assert listed_seqs(response.get_data(as_text=True)) == first, page


def test_filtering_by_action_family_lists_only_that_family(client):
    link = make_link(partner_name="Volgograd", country="Russia")
    make_event(link, summary="A visit.")
    make_user()
    html = client.get("/audit?action=link").get_data(as_text=True)
    expected = [e.seq for e in reversed(all_entries()) if e.action.startswith("link.")]
    assert listed_seqs(html) == expected and len(expected) == 2


def test_filtering_by_subject_lists_only_that_subject(client):
    volgograd = make_link(partner_name="Volgograd", country="Russia")
    make_link(partner_name="Kiel")
    make_event(volgograd)
    html = client.get("/audit?subject=link:volgograd").get_data(as_text=True)
    expected = [e.seq for e in reversed(all_entries()) if e.subject == "link:volgograd"]
    assert listed_seqs(html) == expected and len(expected) == 2


def test_the_date_filter_uses_whole_days_in_london(client):
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
    late = link_at("Kiel", datetime(2026, 7, 1, 23, 30, tzinfo=UTC))
    early = link_at("Dresden", datetime(2026, 7, 1, 22, 30, tzinfo=UTC))
    seq_of = {entry.subject: entry.seq for entry in all_entries()}
    july_2 = "from-day=2&from-month=7&from-year=2026&to-day=2&to-month=7&to-year=2026"
    july_1 = "to-day=1&to-month=7&to-year=2026"
    assert listed_seqs(client.get(f"/audit?{july_2}").get_data(as_text=True)) == [
        seq_of[f"link:{late.slug}"]]
    assert listed_seqs(client.get(f"/audit?{july_1}").get_data(as_text=True)) == [
        seq_of[f"link:{early.slug}"]]


@pytest.mark.parametrize("query, ignored", [
    ("action=nonsense", "type of action"),
    ("action=link%25", "type of action"),
    ("subject=%25%27%3B+DROP+TABLE+audit_entries", "subject"),
    ("subject=" + "a" * 500, "subject"),
    ("from-day=31&from-month=2&from-year=2026", "from date"),
    ("from-day=1&from-month=1&from-year=1", "from date"),
    ("to-day=1&to-month=1&to-year=99999999999999999999", "to date"),
    ("to-day=x&to-month=&to-year=2026", "to date"),
    ("from-day=%D9%A1&from-month=1&from-year=2026", "from date"),
])
def test_a_malformed_filter_is_ignored_and_said_so(client, query, ignored):
    make_link(partner_name="Volgograd", country="Russia")
    everything = listed_seqs(client.get("/audit").get_data(as_text=True))
    response = client.get(f"/audit?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert listed_seqs(html) == everything
    assert re.search(r'id="ignored-filters">.*' + ignored, html)


def test_repeated_and_odd_parameters_never_fail(client):
    make_link(partner_name="Volgograd", country="Russia")
    for query in ("action=link&action=account", "page=1&page=2", "from-day=1", "to-year=2026",
                  "subject=", "action=", "unknown=1", "page="):
        assert client.get(f"/audit?{query}").status_code == 200, query


def test_page_links_keep_the_filter(client, app):
    for number in range(55):
        make_link(partner_name=f"Place {number}")
    html = client.get("/audit?action=link&from-day=1&from-month=11&from-year=2026"
                      ).get_data(as_text=True)
    assert "/audit?page=2&amp;action=link&amp;from-day=1&amp;from-month=11&amp;from-year=2026" \
        in html


def test_details_and_other_text_are_shown_escaped(client):
    link = make_link(partner_name="Volgograd", country="Russia")
    make_event(link, summary='<script>alert("x")</script> & <b>bold</b>')
    seq = all_entries()[-1].seq
    for path in ("/audit", f"/audit/entries/{seq}"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html and "<b>bold" not in html
        assert r"&lt;script&gt;alert(\&#34;x\&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold" in html


def test_an_entry_page_shows_every_field_and_both_hashes_in_full(client):
    make_link(partner_name="Volgograd", country="Russia")
    entry = all_entries()[-1]
    html = client.get(f"/audit/entries/{entry.seq}").get_data(as_text=True)
    for value in (entry.hash, entry.prev_hash, entry.actor, entry.action, entry.subject,
                  entry.occurred_at.isoformat()):
        assert value in html
    chained = entry.as_chain_dict()
    hashed = audit.canonical_json({name: chained[name] for name in audit.HASHED_FIELDS})
    assert json.loads(re.search(r'id="hashed-text">(.*?)</pre>', html).group(1)
                      .replace("&#34;", '"')) == json.loads(hashed)


@pytest.mark.parametrize("seq", [0, 2, 2**31, 10**30])
def test_an_entry_that_does_not_exist_is_not_found(client, seq):
    make_link(partner_name="Volgograd", country="Russia")
    assert client.get(f"/audit/entries/{seq}").status_code == 404


def test_the_export_is_json_lines_of_exactly_what_the_chain_hashes(client, demo):
    response = client.get("/audit/log.jsonl")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="audit-log-')
    lines = response.get_data(as_text=True).splitlines()
    exported = [json.loads(line) for line in lines]
    assert exported == [entry.as_chain_dict() for entry in all_entries()]
    assert lines == [audit.canonical_json(entry) for entry in exported]
    assert audit.verify(exported) == (True, None)


def test_an_empty_log_exports_as_an_empty_file(client):
    response = client.get("/audit/log.jsonl")
    assert response.status_code == 200 and response.get_data() == b""


def test_the_verifier_download_is_the_standalone_verifier(client):
    from consult import verify

    response = client.get("/audit/verify.py")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    with open(verify.__file__, "rb") as handle:
        assert response.get_data() == handle.read()


def test_the_export_names_no_resident(client, demo):
    residents = db.session.scalars(sa.select(User).filter_by(role="resident")).all()
    assert len(residents) > 10
    exported = client.get("/audit/log.jsonl").get_data(as_text=True)
    entries = [json.loads(line) for line in exported.splitlines()]
    assert {"resident"} <= {entry["actor"] for entry in entries}
    for person in residents:
        assert person.email not in exported
        assert person.display_name not in exported


def test_staff_actions_show_who_changed_roles_and_who_moderated(signed_in):
    admin, auditor = make_user(role="admin", display_name="Ada Admin"), signed_in("auditor")
    officer = make_user(role="officer", display_name="Olu Officer")
    promoted = make_user(display_name="Pat Promoted")
    accounts.set_role(user_id=promoted.id, role="officer", actor=admin, now=NOW)
    comment = comment_on(open_proposal(officer), make_user())
    discussion.hide_comment(comment_id=comment.id, reason="abusive", moderator=officer, now=NOW)
    html = auditor.get("/audit/staff-actions").get_data(as_text=True)
    role_seq = db.session.scalar(sa.select(AuditEntry.seq).filter_by(
        action="account.role_changed"))
    assert "Ada Admin (admin)" in html and "Pat Promoted" in html and "resident to officer" in html
    assert f'href="/audit/entries/{role_seq}"' in html
    assert "Olu Officer (officer)" in html and f"Comment {comment.id}" in html
    assert "Abusive" in html
    assert "2 actions" in html


def test_staff_actions_come_fifty_a_page_newest_first(signed_in):
    admin, auditor = make_user(role="admin"), signed_in("auditor")
    person = make_user(display_name="Often Changed")
    for number in range(51):
        accounts.set_role(user_id=person.id, role="officer" if number % 2 == 0 else "resident",
                          actor=admin, now=datetime(2026, 1, 1, 12, number, tzinfo=UTC))
    first = auditor.get("/audit/staff-actions").get_data(as_text=True)
    second = auditor.get("/audit/staff-actions?page=2").get_data(as_text=True)
    assert first.count("Often Changed") == 50 and second.count("Often Changed") == 1
    assert "1 January 2026 at 12:50" in first and "1 January 2026 at 12:00" in second


def test_the_audit_page_links_to_staff_actions_only_for_those_who_may_read_them(
        client, signed_in):
    link = 'href="/audit/staff-actions"'
    assert link in signed_in("auditor").get("/audit").get_data(as_text=True)
    assert link not in signed_in("resident").get("/audit").get_data(as_text=True)
    assert link not in client.get("/audit").get_data(as_text=True)


def test_every_page_footer_links_to_the_audit_log(client):
    for path in ("/", "/links", "/consultations", "/about"):
        html = client.get(path).get_data(as_text=True)
        footer = html[html.index('<footer'):]
        assert '<a class="govuk-link" href="/audit">Audit log</a>' in footer, path
