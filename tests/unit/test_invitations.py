"""Who was invited (issue 16): the rules of an invitation, its freeze at the opening, and the
twin city's council expected when a proposal about a twin link is published."""

from datetime import date

import pytest

from consult.domain import invitations as rules
from consult.domain.invitations import InvitationDraft, InvitationRefused

TODAY = date(2026, 11, 1)


def draft(**overrides) -> InvitationDraft:
    values = dict(name="  Volgograd City Administration ", kind="twin_council",
                  invited_on=date(2026, 10, 20), channel="letter")
    values.update(overrides)
    return InvitationDraft(**values)


def test_a_complete_invitation_is_accepted_with_its_name_trimmed():
    checked = rules.check(draft(), today=TODAY)
    assert checked == InvitationDraft("Volgograd City Administration", "twin_council",
                                      date(2026, 10, 20), "letter")


def test_an_invitation_may_be_dated_today():
    assert rules.check(draft(invited_on=TODAY), today=TODAY).invited_on == TODAY


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"name": "   "}, "name", "Enter the name"),
    ({"name": "x" * 201}, "name", "200 characters"),
    ({"kind": "council"}, "kind", "kind of group"),
    ({"kind": ""}, "kind", "kind of group"),
    ({"channel": "pigeon"}, "channel", "how the group was invited"),
    ({"invited_on": date(2026, 11, 2)}, "invited_on", "today or in the past"),
    ({"invited_on": date(1999, 12, 31)}, "invited_on", "2000 or later"),
])
def test_an_incomplete_or_future_invitation_is_refused(overrides, field, words):
    with pytest.raises(InvitationRefused) as refused:
        rules.check(draft(**overrides), today=TODAY)
    assert refused.value.field == field and words in str(refused.value)


def test_every_kind_and_channel_has_a_label_and_the_local_groups_are_kinds():
    assert set(rules.KINDS) == {"twinning_association", "twin_council", "community_group",
                                "school", "faith_group", "business", "other"}
    assert set(rules.CHANNELS) == {"email", "letter", "meeting", "phone", "social_media",
                                   "other"}
    assert all(label.strip() for label in (*rules.KINDS.values(), *rules.CHANNELS.values()))
    assert rules.LOCAL_GROUPS == {"twinning_association", "community_group"}
    assert rules.LOCAL_GROUPS <= set(rules.KINDS)


def test_the_list_can_change_until_the_opening_and_is_frozen_from_it():
    rules.require_changeable(False)
    with pytest.raises(InvitationRefused, match="frozen"):
        rules.require_changeable(True)


def test_a_withdrawn_consultation_takes_no_more_invitations():
    rules.require_open_to_additions(False)
    with pytest.raises(InvitationRefused, match="withdrawn"):
        rules.require_open_to_additions(True)


def test_publishing_with_the_twin_council_invited_needs_no_reason_and_keeps_none():
    assert rules.check_publication(["community_group", "twin_council"], "") == ""
    assert rules.check_publication(["twin_council"], "A reason not needed.") == ""


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_publishing_without_the_twin_council_needs_a_reason(reason):
    with pytest.raises(InvitationRefused) as refused:
        rules.check_publication(["twinning_association"], reason)
    assert refused.value.field == "no_twin_council_reason"
    assert "Say why" in str(refused.value)


def test_a_reason_for_not_inviting_the_twin_council_is_kept_trimmed_and_bounded():
    assert rules.check_publication([], "  Contacts are suspended. ") == "Contacts are suspended."
    with pytest.raises(InvitationRefused, match="2000 characters"):
        rules.check_publication([], "x" * 2001)


def test_once_published_the_twin_council_stays_on_the_list_unless_a_reason_was_given():
    rules.require_twin_council_kept(False, [], "")  # a draft: anything goes
    rules.require_twin_council_kept(True, ["twin_council"], "")  # another one stays
    rules.require_twin_council_kept(True, [], "Contacts are suspended.")
    with pytest.raises(InvitationRefused, match="cannot be removed"):
        rules.require_twin_council_kept(True, ["twinning_association"], "")
