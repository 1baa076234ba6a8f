"""Counted receipt codes are published when a consultation closes, with a search for one's own."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from consult.domain import voting
from consult.models import Response, db
from consult.queries import results
from consult.services import proposals, responses
from tests.factories import make_proposal, make_user, respond

CODE = re.compile(r'<li><code class="app-code">([A-Z2-7-]+)</code></li>')
NOW = datetime.now(UTC)


def page(client, path: str, status: int = 200) -> str:
    answer = client.get(path)
    assert answer.status_code == status, (path, answer.status_code)
    return answer.get_data(as_text=True)


def receipt_of(proposal, person, choose: int, when: datetime) -> str:
    return respond(proposal, person, choose=choose, now=when).receipt_code


@pytest.fixture
def closed(app):
    """A closed consultation: one response kept, one changed, one withdrawn, one kept."""
    proposal = make_proposal(status="closed", options=["Support", "Oppose"],
                             results_visibility="shown")
    during = proposal.opens_at + timedelta(days=1)
    people = [make_user(display_name=f"Named Person {n}") for n in range(4)]
    kept = receipt_of(proposal, people[0], 0, during)
    changed_away = receipt_of(proposal, people[1], 0, during)
    changed_to = receipt_of(proposal, people[1], 1, during + timedelta(hours=1))
    withdrawn = receipt_of(proposal, people[2], 1, during)
    responses.withdraw(proposal_id=proposal.id, respondent_id=people[2].id,
                       now=during + timedelta(hours=2))
    last = receipt_of(proposal, people[3], 1, during)
    return {"proposal": proposal, "listed": sorted([kept, changed_to, last]),
            "unlisted": [changed_away, withdrawn], "people": people}


def test_after_the_close_every_counted_code_is_listed_sorted(client, closed):
    html = page(client, f"/consultations/{closed['proposal'].id}/receipts")
    assert CODE.findall(html) == closed["listed"]
    for code in closed["unlisted"]:
        assert code not in html


def test_the_number_of_codes_is_the_published_total_and_a_direct_count(client, closed):
    proposal = closed["proposal"]
    html = page(client, f"/consultations/{proposal.id}/receipts")
    shown = int(re.search(r'id="receipt-count">(\d+) receipt code', html).group(1))
    published_total = int(re.search(r'id="response-count">(\d+) response', page(
        client, f"/consultations/{proposal.id}/results")).group(1))
    direct = db.session.scalar(sa.text(
        "SELECT count(*) FROM responses WHERE proposal_id = :id AND withdrawn = :no"),
        {"id": proposal.id, "no": False})
    assert len(CODE.findall(html)) == shown == published_total == direct == 3
    assert results.response_count(proposal.id) == 3


def test_the_list_shows_no_names_and_no_choices(client, closed):
    html = page(client, f"/consultations/{closed['proposal'].id}/receipts")
    html = html[html.index("<main"):html.index("</main>")]
    for person in closed["people"]:
        assert person.display_name not in html and person.email not in html
    assert "Support" not in html and "Oppose" not in html


@pytest.mark.parametrize("typed", [str.lower, lambda code: code.replace("-", " "),
                                   lambda code: code.replace("-", ""),
                                   lambda code: f"  {code}  "])
def test_a_listed_code_is_found_however_it_is_typed(client, closed, typed):
    code = closed["listed"][1]
    html = client.get(f"/consultations/{closed['proposal'].id}/receipts",
                      query_string={"code": typed(code)}).get_data(as_text=True)
    assert f'id="check-result">Your code {code} is listed' in html


@pytest.mark.parametrize("which", [0, 1])
def test_a_changed_away_or_withdrawn_code_is_not_listed(client, closed, which):
    code = closed["unlisted"][which]
    answer = client.get(f"/consultations/{closed['proposal'].id}/receipts",
                        query_string={"code": code})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert f'id="check-result">Your code {code} is not listed' in html
    assert "Only the code of your latest response is listed" in html


@pytest.mark.parametrize("typed", ["", "not a code", "ABCD-EFGH", "A" * 81, "18AB" * 8,
                                   "<script>alert(1)</script>", "\x01" * 32])
def test_something_that_is_not_a_code_gets_an_error_message_not_a_failure(
        client, closed, typed):
    answer = client.get(f"/consultations/{closed['proposal'].id}/receipts",
                        query_string={"code": typed})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "<title>Error: " in html and "govuk-error-summary" in html
    assert 'id="check-result"' not in html and "<script>alert(1)" not in html
    assert CODE.findall(html) == closed["listed"]


def test_before_the_close_the_page_says_when_codes_will_be_published(client, signed_in):
    proposal = make_proposal(status="open", options=["Support", "Oppose"],
                             results_visibility="shown")
    code = receipt_of(proposal, make_user(), 0, NOW)
    for query in ("", f"?code={code}"):
        html = page(client, f"/consultations/{proposal.id}/receipts{query}")
        assert "The receipt codes are published when the consultation closes" in html
        assert code not in html and 'id="check-result"' not in html
    results_page = page(client, f"/consultations/{proposal.id}/results")
    assert f'href="/consultations/{proposal.id}/receipts"' in results_page
    assert "published when the consultation closes" in results_page


def test_a_scheduled_consultation_says_the_same(client):
    proposal = make_proposal(status="scheduled")
    assert "published when the consultation closes" in page(
        client, f"/consultations/{proposal.id}/receipts")


def test_a_withdrawn_consultation_publishes_no_codes(client):
    proposal = make_proposal(status="open", options=["Support", "Oppose"])
    receipt_of(proposal, make_user(), 0, NOW)
    proposals.withdraw(proposal_id=proposal.id, reason="No longer needed.",
                       actor="system (tests)", now=NOW)
    html = page(client, f"/consultations/{proposal.id}/receipts")
    assert "no receipt codes are published" in html and not CODE.findall(html)


def test_an_early_close_publishes_the_codes_at_once(client):
    proposal = make_proposal(status="open", options=["Support", "Oppose"])
    code = receipt_of(proposal, make_user(), 0, NOW - timedelta(minutes=5))
    proposals.close_early(proposal_id=proposal.id, reason="Decided elsewhere.",
                          actor="system (tests)",
                          now=NOW - timedelta(minutes=1))
    assert CODE.findall(page(client, f"/consultations/{proposal.id}/receipts")) == [code]


def test_drafts_and_missing_consultations_are_not_found(client):
    draft = make_proposal(status="draft")
    page(client, f"/consultations/{draft.id}/receipts", status=404)
    page(client, "/consultations/999/receipts", status=404)
    page(client, f"/consultations/{2**40}/receipts", status=404)


def test_the_results_page_links_to_the_receipts(client, closed):
    proposal = closed["proposal"]
    html = page(client, f"/consultations/{proposal.id}/results")
    assert f'href="/consultations/{proposal.id}/receipts" id="receipts-link"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 4


def test_published_receipts_do_not_reveal_choices_through_the_audit_commitments(app):
    """Trying every option against a published receipt must not match its audit entry."""
    import hashlib

    import sqlalchemy as sa

    from consult.domain import voting
    from consult.models import AuditEntry, Response, db
    from consult.services import responses as responding
    from tests.factories import make_proposal, make_user

    proposal = make_proposal(status="open")
    option = proposal.options[0]
    person = make_user()
    responding.respond(proposal_id=proposal.id, respondent_id=person.id,
                       choice=voting.Choice(option.id, voting.LOCAL),
                       now=proposal.opens_at + (proposal.closes_at - proposal.opens_at) / 2)
    db.session.expire_all()
    receipt = db.session.scalars(sa.select(Response.receipt_code)).one()
    stored = {entry.details.get("commitment") for entry in db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "response.submitted"))}
    guesses = {hashlib.sha256(f"{receipt}:{o.id}:{t}".encode()).hexdigest()
               for o in proposal.options for t in voting.RESPONDENT_TYPES}
    assert not guesses & stored
    with_check_code = responding.commitment(receipt, option.id, voting.LOCAL)
    assert with_check_code in stored


def _respond_on_the_page(client, proposal, **fields):
    from tests.conftest import submit

    data = {"option": str(proposal.options[0].id), "respondent_type": voting.LOCAL,
            "organisation": "", "postcode_district": "CV1", "reason": "Good for schools.",
            **fields}
    return submit(client, f"/consultations/{proposal.id}/respond", data,
                  token_from=f"/consultations/{proposal.id}")


def _state(proposal_id: int, user) -> tuple:
    from consult.models import AuditEntry, ResponseVersion

    db.session.expire_all()
    mine = responses.current_for(proposal_id, db.session.merge(user))
    versions = db.session.scalar(sa.select(sa.func.count()).select_from(ResponseVersion).where(
        ResponseVersion.response_id == mine.id))
    audited = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.subject == f"proposal:{proposal_id}", AuditEntry.action.like("response.%")))
    return mine.receipt_code, mine.version, versions, audited


def test_a_change_that_changes_nothing_keeps_the_receipt_and_says_so(signed_in):
    proposal = make_proposal(status="open")
    resident = signed_in("resident")
    assert _respond_on_the_page(resident, proposal).status_code == 302
    before = _state(proposal.id, resident.user)
    answer = _respond_on_the_page(resident, proposal, postcode_district=" cv 1 ",
                                  reason="  Good for schools. ")
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/consultations/{proposal.id}/receipt"
    assert _state(proposal.id, resident.user) == before
    html = page(resident, answer.headers["Location"])
    assert "You did not change anything, so your response and its receipt code stay as they " \
           "were." in html
    assert before[0] in html and 'id="replaced-receipt"' not in html


def test_a_real_change_says_the_old_receipt_code_is_replaced_and_shows_both(signed_in):
    proposal = make_proposal(status="open")
    resident = signed_in("resident")
    assert _respond_on_the_page(resident, proposal).status_code == 302
    old = _state(proposal.id, resident.user)[0]
    answer = _respond_on_the_page(resident, proposal, reason="Good for schools and trade.")
    new, version, versions, audited = _state(proposal.id, resident.user)
    assert new != old and (version, versions, audited) == (2, 2, 2)
    html = page(resident, answer.headers["Location"])
    replaced = html[html.index('id="replaced-receipt"'):]
    replaced = replaced[:replaced.index("</div>")]
    assert old in replaced and new in replaced and "replaced your old receipt code" in replaced


def test_responding_again_after_withdrawing_is_a_change_even_with_the_same_choice(app):
    proposal = make_proposal(status="open")
    person = make_user()
    first = receipt_of(proposal, person, 0, NOW)
    responses.withdraw(proposal_id=proposal.id, respondent_id=person.id,
                       now=NOW + timedelta(seconds=1))
    assert receipt_of(proposal, person, 0, NOW + timedelta(seconds=2)) != first
