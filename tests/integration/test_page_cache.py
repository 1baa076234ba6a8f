"""Signed-out visitors share a cached rendering of the consultation and results pages, but never
one that has stopped being what the page would show now."""

import re
from datetime import timedelta

import pytest

from consult import clock, page_cache
from consult.domain import voting
from consult.services import discussion, proposals, responses
from tests.factories import make_open_proposal, make_user

NONCE = re.compile(r'nonce="([^"]+)"')


def view(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response


def cache_state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


@pytest.fixture
def visitor(app):
    """A signed-out visitor who never keeps a cookie, like most page views at a peak."""
    return app.test_client(use_cookies=False)


def test_a_second_view_is_served_from_the_cache_with_its_own_nonce(visitor):
    proposal = make_open_proposal()
    path = f"/consultations/{proposal.id}"
    first, second = view(visitor, path), view(visitor, path)
    assert (cache_state(first), cache_state(second)) == ("miss", "hit")
    body = second.get_data(as_text=True)
    nonces = set(NONCE.findall(body))
    assert len(nonces) == 1 and nonces != set(NONCE.findall(first.get_data(as_text=True)))
    assert f"'nonce-{nonces.pop()}'" in second.headers["Content-Security-Policy"]
    assert body.replace(NONCE.search(body).group(0), "") == first.get_data(as_text=True) \
        .replace(NONCE.search(first.get_data(as_text=True)).group(0), "")
    assert "Set-Cookie" not in second.headers and "Cookie" in second.headers["Vary"]


def test_a_change_made_through_the_service_shows_on_the_next_view(visitor):
    proposal = make_open_proposal()
    path = f"/consultations/{proposal.id}"
    view(visitor, path)
    assert cache_state(view(visitor, path)) == "hit"
    author = make_user(display_name="Ada Resident")
    discussion.post_comment(proposal_id=proposal.id, author=author, body="Keep the letters going",
                            now=clock.now())
    fresh = view(visitor, path)
    assert cache_state(fresh) == "miss"
    assert "Keep the letters going" in fresh.get_data(as_text=True)


def test_the_page_is_rendered_again_when_the_clock_closes_the_consultation(visitor, monkeypatch):
    proposal = make_open_proposal()
    path = f"/consultations/{proposal.id}"
    view(visitor, path)
    assert cache_state(view(visitor, path)) == "hit"
    after_close = proposal.closes_at + timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: after_close)
    closed = view(visitor, path)
    assert cache_state(closed) == "miss"
    assert "Closed" in closed.get_data(as_text=True)


def test_days_left_are_never_shown_out_of_date(visitor, monkeypatch):
    now = clock.now()
    proposal = make_open_proposal(opens_at=now - timedelta(days=1),
                             closes_at=now + timedelta(days=2, hours=12))
    path = f"/consultations/{proposal.id}"
    monkeypatch.setattr(clock, "now", lambda: now)
    assert "3 days left" in view(visitor, path).get_data(as_text=True)
    later = now + timedelta(hours=12, seconds=1)  # now 1 day 23 hours 59 minutes left
    monkeypatch.setattr(clock, "now", lambda: later)
    page = view(visitor, path)
    assert cache_state(page) == "miss" and "2 days left" in page.get_data(as_text=True)


def test_a_signed_in_page_is_never_cached_or_served_from_the_cache(app, visitor, signed_in):
    proposal = make_open_proposal()
    path = f"/consultations/{proposal.id}"
    resident = signed_in()
    view(visitor, path)
    own = view(resident, path)
    assert cache_state(own) is None
    assert "Sign out" in own.get_data(as_text=True)
    assert own.headers["Cache-Control"] == "no-store"
    shared = view(visitor, path)
    assert cache_state(shared) == "hit" and "Sign out" not in shared.get_data(as_text=True)


def test_a_waiting_message_or_an_unknown_parameter_bypasses_the_cache(app, visitor, signed_in):
    proposal = make_open_proposal()
    path = f"/consultations/{proposal.id}"
    view(visitor, path)
    assert cache_state(view(visitor, f"{path}?utm_source=news")) is None
    assert cache_state(view(visitor, f"{path}?reply_to=1")) is None
    with_flash = app.test_client()
    with with_flash.session_transaction() as session:
        session["_flashes"] = [("success", "You have signed out")]
    page = view(with_flash, path)
    assert cache_state(page) is None and "You have signed out" in page.get_data(as_text=True)


def test_live_results_follow_responses_once_they_settle(app, visitor):
    app.config["CONSULT_RESULTS_SETTLE_SECONDS"] = 3600  # the production default is 2
    proposal, resident = make_open_proposal(), make_user(verified=True)
    path = f"/consultations/{proposal.id}/results"
    view(visitor, path)
    assert cache_state(view(visitor, path)) == "hit"
    responses.respond(proposal_id=proposal.id, respondent_id=resident.id, choice=voting.Choice(
        option_id=proposal.options[0].id, respondent_type="local_resident"), now=clock.now())
    settling = view(visitor, path)
    assert cache_state(settling) == "hit"
    assert re.search(r"\b0 responses\b", settling.get_data(as_text=True))
    app.config["CONSULT_RESULTS_SETTLE_SECONDS"] = 0
    fresh = view(visitor, path)
    assert cache_state(fresh) == "miss"
    assert re.search(r"\b1 response\b", fresh.get_data(as_text=True))


def test_results_are_kept_apart_for_each_option_filter(visitor):
    proposal = make_open_proposal()
    path = f"/consultations/{proposal.id}/results"
    first_option = proposal.options[0].id
    view(visitor, path)
    assert cache_state(view(visitor, f"{path}?option={first_option}")) == "miss"
    assert cache_state(view(visitor, f"{path}?option={first_option}")) == "hit"
    assert cache_state(view(visitor, path)) == "hit"


def test_withdrawing_a_consultation_is_shown_at_once(visitor):
    proposal = make_open_proposal()
    path = f"/consultations/{proposal.id}"
    view(visitor, path)
    proposals.withdraw(proposal_id=proposal.id, reason="The link was ended by treaty.",
                       actor="system (tests)",
                       now=clock.now())
    page = view(visitor, path)
    assert cache_state(page) == "miss" and "withdrawn" in page.get_data(as_text=True).lower()


def test_the_cache_keeps_only_its_newest_pages():
    cache = page_cache.PageCache(size=2)
    for key in ("a", "b", "c"):
        cache.put(key, key)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (None, "b", "c")


def checked_values(html: str) -> set[str]:
    return set(re.findall(r'value="([^"]*)"[^>]*\bchecked\b', html))


def test_signed_in_residents_share_only_the_blank_form(signed_in):
    proposal = make_open_proposal()
    path = f"/consultations/{proposal.id}"
    first, answered, third = signed_in(), signed_in(), signed_in()
    blank = view(first, path).get_data(as_text=True)
    assert "Send my response" in blank and checked_values(blank) == {"y"}  # hear the outcome
    oppose = proposal.options[1].id
    responses.respond(proposal_id=proposal.id, respondent_id=answered.user.id, choice=voting.Choice(
        option_id=oppose, respondent_type="organisation", organisation="Letters Club"),
        now=clock.now())
    own = view(answered, path).get_data(as_text=True)
    assert "Change my response" in own and 'value="Letters Club"' in own
    assert {str(oppose), "organisation"} <= checked_values(own)
    other = view(third, path).get_data(as_text=True)
    assert "Send my response" in other and checked_values(other) == {"y"}
    assert "Letters Club" not in other


def test_each_reader_gets_their_own_form_token(signed_in):
    proposal = make_open_proposal()
    path = f"/consultations/{proposal.id}"
    token = re.compile(r'name="csrf_token" value="([^"]+)"')
    first = token.findall(view(signed_in(), path).get_data(as_text=True))
    second = token.findall(view(signed_in(), path).get_data(as_text=True))
    assert first and second and not set(first) & set(second)


def test_a_new_comment_shows_to_signed_in_readers_at_once(signed_in):
    proposal = make_open_proposal()
    path = f"/consultations/{proposal.id}"
    reader = signed_in()
    view(reader, path)
    discussion.post_comment(proposal_id=proposal.id, author=make_user(),
                            body="Twinning is people, not politics",
                            now=clock.now())
    assert "Twinning is people, not politics" in view(reader, path).get_data(as_text=True)
