"""The burst rule and the review rules: pure functions, no app, no database."""

import pytest

from consult.domain import abuse
from consult.domain.errors import DomainError

HOUR = abuse.Rate(20, 3600)
DOMAIN = abuse.Rate(50, 3600)


def facts(address=1, domain=1, shared=False, webmail=False) -> abuse.Facts:
    return abuse.Facts(address_count=address, domain_count=domain, shared_address=shared,
                       webmail=webmail)


@pytest.mark.parametrize(("text", "rate"), [
    ("20 per hour", abuse.Rate(20, 3600)), ("50 per 2 hours", abuse.Rate(50, 7200)),
    ("5/minute", abuse.Rate(5, 60)), (" 100 PER DAY ", abuse.Rate(100, 86400))])
def test_rates_are_read_from_their_usual_spelling(text, rate):
    assert abuse.parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "twenty per hour", "0 per hour", "20 per fortnight",
                                  "20 per 0 hours", "20"])
def test_a_rate_that_cannot_be_read_is_refused(text):
    with pytest.raises(ValueError):
        abuse.parse_rate(text)


def test_the_response_over_the_address_rate_is_held_with_the_reason():
    assert abuse.assess(facts(address=20), HOUR, DOMAIN) == abuse.Assessment(abuse.COUNTED)
    held = abuse.assess(facts(address=23), HOUR, DOMAIN)
    assert held == abuse.Assessment(
        abuse.PENDING, "burst from one network address: 23 responses in an hour")


def test_an_allow_listed_shared_address_is_exempt_from_the_address_rule_only():
    assert abuse.assess(facts(address=500, shared=True), HOUR, DOMAIN).status == abuse.COUNTED
    held = abuse.assess(facts(address=500, domain=51, shared=True), HOUR, DOMAIN)
    assert held.reason == "burst from one email domain: 51 responses in an hour"


def test_webmail_domains_are_exempt_from_the_domain_rule():
    assert abuse.assess(facts(domain=5000, webmail=True), HOUR, DOMAIN).status == abuse.COUNTED
    assert abuse.assess(facts(domain=51), HOUR, DOMAIN).status == abuse.PENDING


def test_an_unknown_address_is_checked_by_the_domain_rule_alone():
    assert abuse.assess(facts(address=None), HOUR, DOMAIN).status == abuse.COUNTED
    assert abuse.assess(facts(address=None, domain=51), HOUR, DOMAIN).status == abuse.PENDING


@pytest.mark.parametrize(("rate", "words"), [(abuse.Rate(1, 60), "a minute"),
                                             (abuse.Rate(1, 7200), "2 hours"),
                                             (abuse.Rate(1, 86400), "a day"),
                                             (abuse.Rate(1, 90), "90 seconds")])
def test_the_reason_names_the_window_in_words(rate, words):
    assert rate.window_words == words


def test_shared_networks_match_addresses_of_their_own_family_only():
    networks = abuse.parse_networks("192.0.2.0/24, 2001:db8::/32 ,198.51.100.7")
    assert abuse.is_shared("192.0.2.200", networks)
    assert abuse.is_shared("198.51.100.7", networks)
    assert abuse.is_shared("2001:db8:1::5", networks)
    assert not abuse.is_shared("198.51.100.8", networks)
    assert not abuse.is_shared("not an address", networks)
    assert not abuse.is_shared(None, networks)
    assert abuse.parse_networks("") == ()
    with pytest.raises(ValueError):
        abuse.parse_networks("192.0.2.0/24, library")


def test_one_ipv6_host_is_one_network_whatever_address_it_uses():
    assert abuse.network_key("2001:db8:1:2::1") == abuse.network_key("2001:db8:1:2:ffff::9")
    assert abuse.network_key("2001:db8:1:3::1") != abuse.network_key("2001:db8:1:2::1")
    assert abuse.network_key("::ffff:192.0.2.1") == abuse.network_key("192.0.2.1") == "192.0.2.1"


@pytest.mark.parametrize(("domain", "webmail"), [
    ("gmail.com", True), ("outlook.com", True), ("yahoo.co.uk", True), ("yahoo.fr", True),
    ("icloud.com", True), ("coventry.gov.uk", False), ("yahoo.example.org", False)])
def test_common_webmail_domains_are_known(domain, webmail):
    assert abuse.is_webmail(domain) is webmail


def test_the_email_domain_is_the_part_after_the_last_at_sign_in_lower_case():
    assert abuse.email_domain("Someone@Example.ORG") == "example.org"


@pytest.mark.parametrize("status", ["draft", "scheduled", "withdrawn", "decided"])
def test_review_is_refused_unless_the_consultation_is_open_or_closed(status):
    with pytest.raises(abuse.NotReviewable):
        abuse.check_reviewable(status, totals_frozen=False)


def test_review_is_refused_once_the_totals_are_frozen():
    abuse.check_reviewable("closed", totals_frozen=False)
    abuse.check_reviewable("open", totals_frozen=False)
    with pytest.raises(abuse.NotReviewable, match="final"):
        abuse.check_reviewable("closed", totals_frozen=True)


@pytest.mark.parametrize(("action", "selected", "note", "field"), [
    ("accept", 0, "ok", "responses"), ("accept", 2, "  ", "note"),
    ("delete", 2, "ok", "responses"), ("invalidate", 1, "x" * 501, "note")])
def test_a_review_needs_an_action_a_selection_and_a_reason(action, selected, note, field):
    with pytest.raises(DomainError) as refused:
        abuse.check_review(action, selected, note)
    assert refused.value.field == field


@pytest.mark.parametrize(("action", "current", "target"), [
    ("accept", "pending", "counted"), ("accept", "invalidated", "counted"),
    ("accept", "counted", None), ("invalidate", "pending", "invalidated"),
    ("invalidate", "counted", None), ("invalidate", "invalidated", None)])
def test_each_action_applies_only_to_the_statuses_it_names(action, current, target):
    assert abuse.review_target(action, current) == target


def test_held_responses_are_grouped_by_the_network_or_domain_they_came_from():
    address = abuse.burst_source("burst from one network address: 23 responses in an hour",
                                 "a1b2c3", "example.org")
    assert address == "Burst from one network address (network a1b2c3)"
    domain = abuse.burst_source("burst from one email domain: 60 responses in an hour",
                                "a1b2c3", "lobby.example")
    assert domain == "Burst from the email domain lobby.example"
    assert abuse.burst_source("", "", "") == "Held for review"
