"""Email addresses are compared as the mailbox they reach (domain/emails.py)."""

import pytest

from consult.domain.emails import PROVIDERS, canonical, normalise


@pytest.mark.parametrize("typed, mailbox", [
    ("Ada@Example.org", "ada@example.org"),
    ("  ada@example.org\t", "ada@example.org"),
    ("ada+news@example.org", "ada+news@example.org"),  # unknown provider: tags are kept
    ("a.da@example.org", "a.da@example.org"),  # and so are dots
    ("John.Smith+x@Gmail.com", "johnsmith@gmail.com"),
    ("j.o.h.n.smith@gmail.com", "johnsmith@gmail.com"),
    ("John.Smith@GoogleMail.com", "johnsmith@gmail.com"),
    ("johnsmith+a+b@googlemail.com", "johnsmith@gmail.com"),
    ("Ada+shop@outlook.com", "ada@outlook.com"),
    ("ada+x@hotmail.com", "ada@hotmail.com"),
    ("ada+x@live.com", "ada@live.com"),
    ("a.da+x@outlook.com", "a.da@outlook.com"),  # Outlook keeps dots
    ("ada+x@icloud.com", "ada@icloud.com"),
    ("ada+x@fastmail.com", "ada@fastmail.com"),
    ("ada+x@protonmail.com", "ada@protonmail.com"),
    ("ada+x@proton.me", "ada@proton.me"),
])
def test_an_address_normalises_to_its_mailbox(typed, mailbox):
    assert normalise(typed) == mailbox


@pytest.mark.parametrize("typed", ["+tag@gmail.com", "...@gmail.com", "+x@outlook.com"])
def test_a_local_part_that_would_vanish_is_kept(typed):
    local = normalise(typed).split("@")[0]
    assert local
    assert normalise(typed).endswith(typed.split("@")[1])


@pytest.mark.parametrize("typed", ["", "not an address", "@example.org", "ada@"])
def test_something_that_is_not_an_address_is_only_lower_cased(typed):
    assert normalise(typed) == typed.strip().lower()


def test_the_last_at_sign_separates_the_domain():
    assert normalise('"a@b"+x@Gmail.com') == '"a@b"@gmail.com'


def test_normalising_twice_changes_nothing_more():
    for typed in ("John.Smith+x@Gmail.com", "ada+x@outlook.com", "Ada@Example.org"):
        assert normalise(normalise(typed)) == normalise(typed)



@pytest.mark.parametrize("domain", sorted(PROVIDERS))
def test_each_providers_plus_tag_reaches_its_one_mailbox(domain):
    provider = PROVIDERS[domain]
    assert normalise(f"Ada+news@{domain.upper()}") == f"ada@{provider.mailbox_domain}"


@pytest.mark.parametrize("domain, mailbox_domain", [
    ("hotmail.co.uk", "hotmail.co.uk"), ("live.co.uk", "live.co.uk"),
    ("outlook.co.uk", "outlook.co.uk"), ("msn.com", "msn.com"),
    ("me.com", "icloud.com"), ("mac.com", "icloud.com"), ("icloud.com", "icloud.com"),
])
def test_the_providers_testers_found_missing_are_known(domain, mailbox_domain):
    assert normalise(f"a.da+x@{domain}") == f"a.da@{mailbox_domain}"


def test_only_gmail_ignores_dots():
    assert [domain for domain, provider in PROVIDERS.items() if provider.dots] == [
        "gmail.com", "googlemail.com"]


@pytest.mark.parametrize("typed", ["j.smith+1@\uff47\uff4d\uff41\uff49\uff4c.com",
                                   "J.SMITH@GMAIL.COM", "jsmith@googlemail.com"])
def test_a_compatibility_spelling_of_a_domain_reaches_the_same_mailbox(typed):
    assert normalise(typed) == "jsmith@gmail.com"


def test_the_stored_address_is_the_validators_form_not_the_typed_text():
    assert canonical(" j.smith+1@\uff47\uff4d\uff41\uff49\uff4c.com ") == "j.smith+1@gmail.com"
    assert canonical("John.Smith@Gmail.COM") == "John.Smith@gmail.com"
    assert canonical("not an address") is None
