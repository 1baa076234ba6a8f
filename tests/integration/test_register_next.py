"""`next` (a path on this site only) survives registering, the confirmation mail and signing in."""

from urllib.parse import urlencode, urlsplit

import pytest

from tests.conftest import submit
from tests.factories import PASSWORD
from tests.integration.test_accounts import link_in

BACK = "/consultations/7"


def _register(client, email: str, next_path: str):
    return submit(client, "/register?" + urlencode({"next": next_path}),
                  {"display_name": "Ada", "email": email, "password": PASSWORD,
                   "confirm": PASSWORD})


def _mail_link(mailbox, email: str) -> str:
    body = mailbox.last_body(email)
    path = link_in(body)
    query = urlsplit(next(word for word in body.split() if path in word)).query
    return f"{path}?{query}" if query else path


def test_next_goes_from_registering_through_the_mail_and_confirmation_to_sign_in(
        client, mailbox):
    registered = _register(client, "ada@example.org", BACK)
    assert registered.headers["Location"] == "/register/check-your-email?next=/consultations/7"
    check = client.get(registered.headers["Location"]).get_data(as_text=True)
    assert 'href="/sign-in?next=/consultations/7"' in check

    link = _mail_link(mailbox, "ada@example.org")
    assert link.endswith("?next=/consultations/7")
    page = client.get(link).get_data(as_text=True)
    assert 'next=/consultations/7"' in page  # the confirm button's form keeps it
    confirmed = submit(client, link, {})
    assert confirmed.headers["Location"] == "/sign-in?next=/consultations/7"

    signed = submit(client, confirmed.headers["Location"],
                    {"email": "ada@example.org", "password": PASSWORD})
    assert signed.headers["Location"] == BACK


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example",
                                    "/\\evil.example", "javascript:alert(1)",
                                    "/%2F%2Fevil.example"])
def test_a_next_that_leaves_the_site_is_dropped_at_every_step(client, mailbox, target):
    registered = _register(client, "bea@example.org", target)
    assert registered.headers["Location"] == "/register/check-your-email"
    link = _mail_link(mailbox, "bea@example.org")
    assert "next" not in link and "evil" not in mailbox.last_body("bea@example.org")
    confirmed = submit(client, f"{link}?{urlencode({'next': target})}", {},
                       token_from=link)
    assert confirmed.headers["Location"] == "/sign-in"


def test_the_consultation_page_offers_registering_that_comes_back(client, app):
    from tests.integration.test_consultations_public import open_proposal

    proposal = open_proposal()
    html = client.get(f"/consultations/{proposal.id}").get_data(as_text=True)
    assert f'href="/register?next=/consultations/{proposal.id}"' in html
    assert 'href="/sign-in?next=' in html
    sign_in = client.get(f"/sign-in?next=/consultations/{proposal.id}").get_data(as_text=True)
    assert f'href="/register?next=/consultations/{proposal.id}"' in sign_in
