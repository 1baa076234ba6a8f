"""Coding and reading reasons (issue 17): the services apply and remove themes, mark reasons
read at the version read, choose quotations, refuse reasons outside the consultation's analysed
scope, and audit every action without a reason's text."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from consult.domain import codebook as rules
from consult.domain import voting
from consult.models import ReasonTag, db
from consult.queries import analysis_queries
from consult.services import codebook, coding, responses
from tests.factories import make_user
from tests.integration.analysis_data import (
    REASONS,
    bulk_reasons,
    entries,
    ids,
    publish,
    reads,
    reasons_consultation,
    response,
    tagged,
)


@pytest.fixture
def staff(app):
    return make_user(role="officer", display_name="Olu Officer")


def _theme(proposal, staff, name="Safety", **kwargs):
    return codebook.add_theme(proposal_id=proposal.id, name=name, actor=staff,
                              now=datetime.now(UTC), **kwargs)


def _tag(proposal, theme, chosen, staff):
    return coding.tag(proposal_id=proposal.id, theme_id=theme.id, response_ids=chosen,
                      actor=staff, now=datetime.now(UTC))


def _no_reason_text(found) -> None:
    written = json.dumps([entry.details for entry in found], ensure_ascii=False)
    assert not [text for text in REASONS if text in written]


def test_tagging_codes_each_reason_once_and_audits_ids_and_the_theme_not_the_text(staff):
    proposal, made = reasons_consultation()
    theme = _theme(proposal, staff)
    assert _tag(proposal, theme, ids(made[:2]), staff) == 2
    assert _tag(proposal, theme, ids(made[1:3]), staff) == 1  # the second already had it
    assert tagged(theme.id) == set(ids(made[:3]))
    added, first, second = entries()
    assert added.action == "analysis.theme_added"
    assert (first.action, second.action) == ("analysis.reasons_tagged",) * 2
    assert first.details == {"theme_id": theme.id, "theme_name": "Safety", "selected": 2,
                             "count": 2, "response_id_ranges": [[made[0].id, made[1].id]]}
    assert second.details["response_id_ranges"] == [[made[2].id, made[2].id]]
    assert first.actor == "Olu Officer (officer)" and first.subject == f"proposal:{proposal.id}"
    _no_reason_text(entries())


def test_untagging_takes_the_theme_off_only_the_reasons_that_had_it(staff):
    proposal, made = reasons_consultation()
    safety, schools = _theme(proposal, staff), _theme(proposal, staff, "Schools")
    _tag(proposal, safety, ids(made[:2]), staff)
    _tag(proposal, schools, ids(made), staff)
    removed = coding.untag(proposal_id=proposal.id, theme_id=safety.id,
                           response_ids=ids(made[1:]), actor=staff, now=datetime.now(UTC))
    assert removed == 1
    assert tagged(safety.id) == {made[0].id} and tagged(schools.id) == set(ids(made))
    assert entries()[-1].details["response_id_ranges"] == [[made[1].id, made[1].id]]
    _no_reason_text(entries())


def test_a_reason_read_then_changed_is_unread_until_read_again(staff):
    proposal, made = reasons_consultation()
    now = datetime.now(UTC)
    assert coding.mark_read(proposal_id=proposal.id, response_ids=ids(made), actor=staff,
                            now=now) == 4
    assert coding.mark_read(proposal_id=proposal.id, response_ids=ids(made), actor=staff,
                            now=now) == 0
    assert reads() == {found.id: 1 for found in made}
    person = response(made[0].id).user_id
    responses.respond(proposal_id=proposal.id, respondent_id=person, now=now, choice=voting.Choice(
        proposal.options[0].id, voting.LOCAL, reason="On reflection, keep it."))
    assert analysis_queries.progress(proposal.id) == analysis_queries.Progress(4, 3, 0)
    unread = analysis_queries.Filters(unread=True)
    assert analysis_queries.matching_ids(proposal.id, unread) == [made[0].id]
    progress, _languages = analysis_queries.overview(proposal.id)
    assert analysis_queries.known_total(unread, progress) == 1  # the page's count, not counted
    assert coding.mark_read(proposal_id=proposal.id, response_ids=ids(made), actor=staff,
                            now=now) == 1
    assert reads()[made[0].id] == 2
    assert analysis_queries.progress(proposal.id).read == 4
    assert [entry.details["count"] for entry in entries("analysis.reasons_read")] == [4, 0, 1]


def test_marking_unread_counts_only_reasons_read_at_their_current_version(staff):
    proposal, made = reasons_consultation()
    now = datetime.now(UTC)
    coding.mark_read(proposal_id=proposal.id, response_ids=ids(made[:2]), actor=staff, now=now)
    assert coding.mark_unread(proposal_id=proposal.id, response_ids=ids(made), actor=staff,
                              now=now) == 2
    assert reads() == {}
    [entry] = entries("analysis.reasons_unread")
    assert entry.details["count"] == 2 and entry.details["selected"] == 4


def test_reasons_outside_the_consultations_analysed_scope_are_refused_whole(staff):
    proposal, made = reasons_consultation()
    other, theirs = reasons_consultation(REASONS[:1])
    blank = responses.respond(proposal_id=proposal.id, respondent_id=make_user().id,
                              now=datetime.now(UTC),
                              choice=voting.Choice(proposal.options[0].id, voting.LOCAL))
    theme = _theme(proposal, staff)
    for stranger in (theirs[0].id, blank.id, 2**31 - 1, 2**40, -1):
        with pytest.raises(rules.SelectionRefused, match="not among"):
            _tag(proposal, theme, [made[0].id, stranger], staff)
        with pytest.raises(rules.SelectionRefused, match="not among"):
            coding.mark_read(proposal_id=proposal.id, response_ids=[made[0].id, stranger],
                             actor=staff, now=datetime.now(UTC))
    with pytest.raises(rules.SelectionRefused, match="at least one"):
        _tag(proposal, theme, [], staff)
    with pytest.raises(rules.ThemeRefused, match="this consultation"):
        _tag(other, theme, [theirs[0].id], staff)
    assert tagged(theme.id) == set() and reads() == {}
    assert entries("analysis.reasons") == []


def test_a_withdrawn_response_leaves_the_scope(staff):
    proposal, made = reasons_consultation()
    theme = _theme(proposal, staff)
    responses.withdraw(proposal_id=proposal.id, respondent_id=response(made[1].id).user_id,
                       now=datetime.now(UTC))
    with pytest.raises(rules.SelectionRefused):
        _tag(proposal, theme, [made[1].id], staff)


@pytest.mark.parametrize("status", ["closed"])
def test_reasons_are_still_coded_after_the_close(staff, status):
    proposal, made = reasons_consultation(status=status)
    theme = _theme(proposal, staff)
    assert _tag(proposal, theme, ids(made), staff) == 4


@pytest.mark.parametrize("status", ["draft", "scheduled", "withdrawn"])
def test_no_codebook_before_the_opening_nor_after_a_withdrawal(staff, status):
    from tests.factories import make_proposal

    proposal = make_proposal(status=status)
    with pytest.raises(rules.CodingClosed):
        _theme(proposal, staff)
    assert entries() == []


def test_quotations_are_published_reasons_coded_with_the_theme_three_at_most(staff):
    texts = [f"Reason {n} for quoting." for n in range(5)]
    proposal, made = reasons_consultation(texts)
    theme = _theme(proposal, staff)
    _tag(proposal, theme, ids(made[:4]) + [made[4].id], staff)
    moderator = make_user(role="officer")
    for found in made[:4]:
        publish(found, moderator)

    def quote(found, quoted=True):
        coding.quote(theme_id=theme.id, response_id=found.id, quoted=quoted, actor=staff,
                     now=datetime.now(UTC))

    with pytest.raises(rules.QuoteRefused, match="published"):
        quote(made[4])
    for found in made[:3]:
        quote(found)
    with pytest.raises(rules.QuoteRefused, match="at most 3"):
        quote(made[3])
    quote(made[0], quoted=False)
    quote(made[3])
    db.session.expire_all()
    assert set(db.session.scalars(sa.select(ReasonTag.response_id).where(
        ReasonTag.theme_id == theme.id, ReasonTag.quoted.is_(True)))) == set(ids(made[1:4]))
    found = entries("analysis.reason_")
    assert [entry.action for entry in found] == ["analysis.reason_quoted"] * 3 + [
        "analysis.reason_unquoted", "analysis.reason_quoted"]
    assert found[0].details == {"theme_id": theme.id, "theme_name": "Safety",
                                "response_id": made[0].id}
    _no_reason_text(found)


def test_a_reason_not_coded_with_the_theme_cannot_be_quoted(staff):
    proposal, made = reasons_consultation(REASONS[:1])
    publish(made[0], make_user(role="officer"))
    theme = _theme(proposal, staff)
    with pytest.raises(rules.QuoteRefused, match="Apply the theme"):
        coding.quote(theme_id=theme.id, response_id=made[0].id, quoted=True, actor=staff,
                     now=datetime.now(UTC))


class _Statements:
    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1


def _statements_to_tag(proposal, theme, chosen, staff) -> int:
    counter = _Statements()
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert _tag(proposal, theme, chosen, staff) == len(chosen)
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return counter.count


def test_ten_thousand_reasons_are_tagged_in_one_transaction_of_a_few_statements(staff):
    proposal, made = reasons_consultation(REASONS[:2])
    many = bulk_reasons(proposal, 10_000)
    small, large = _theme(proposal, staff), _theme(proposal, staff, "Everything")
    few = _statements_to_tag(proposal, small, ids(made), staff)
    assert _statements_to_tag(proposal, large, many, staff) == few
    assert len(tagged(large.id)) == 10_000
    [entry] = entries("analysis.reasons_tagged")[-1:]
    assert entry.details["count"] == 10_000
    assert entry.details["response_id_ranges"] == [[many[0], many[-1]]]
    assert coding.mark_read(proposal_id=proposal.id, response_ids=many, actor=staff,
                            now=datetime.now(UTC) + timedelta(seconds=1)) == 10_000


def test_a_quotation_ends_even_after_its_reason_was_withdrawn(staff):
    proposal, made = reasons_consultation(REASONS[:2])
    publish(made[0], make_user(role="officer"))
    theme = _theme(proposal, staff)
    _tag(proposal, theme, [made[0].id], staff)
    coding.quote(theme_id=theme.id, response_id=made[0].id, quoted=True, actor=staff,
                 now=datetime.now(UTC))
    responses.withdraw(proposal_id=proposal.id, respondent_id=response(made[0].id).user_id,
                       now=datetime.now(UTC))
    with pytest.raises(rules.SelectionRefused):
        coding.quote(theme_id=theme.id, response_id=made[0].id, quoted=True, actor=staff,
                     now=datetime.now(UTC))
    coding.quote(theme_id=theme.id, response_id=made[0].id, quoted=False, actor=staff,
                 now=datetime.now(UTC))
    db.session.expire_all()
    assert db.session.get(ReasonTag, (made[0].id, theme.id)).quoted is False


def test_a_removed_theme_codes_nothing(staff):
    proposal, made = reasons_consultation(REASONS[:1])
    theme = _theme(proposal, staff)
    gone = theme.id
    codebook.remove_theme(theme_id=gone, actor=staff, now=datetime.now(UTC))
    with pytest.raises(rules.ThemeRefused, match="this consultation"):
        coding.tag(proposal_id=proposal.id, theme_id=gone, response_ids=[made[0].id],
                   actor=staff, now=datetime.now(UTC))
