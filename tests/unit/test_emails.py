"""Email addresses are compared as the mailbox they reach (domain/emails.py)."""

import pytest

from consult.domain.emails import normalise


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

