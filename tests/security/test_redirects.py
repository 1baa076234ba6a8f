"""Open redirects: `next` and every other redirect go only to a relative path on this site."""

from urllib.parse import quote, urlsplit

import pytest

from consult.navigation import safe_next
from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_user

EVIL = [
    "//evil.example", "https://evil.example", "http://evil.example/sign-in", "/\\evil.example",
    "\\\\evil", "\\/evil.example", "javascript:alert(1)", "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "%2F%2Fevil.example", "/%2F%2Fevil.example",
    "///evil.example", "/\t/evil.example", "/\r\nLocation: https://evil.example",
    "/account\r\nSet-Cookie: x=1", "https:evil.example", "//evil.example@localhost",
    " //evil.example", "evil.example", "@evil.example", "/\u3002evil.example",
    "\uff0f\uff0fevil.example", "/\x00//evil.example", "",
]


def _sign_in_to(client, email: str, target: str):
    token = csrf_token(client)
    return client.post(f"/sign-in?next={quote(target, safe='')}",
                       data={"csrf_token": token, "email": email, "password": PASSWORD})


def _stays_here(location: str) -> bool:
    parts = urlsplit(location)
    return parts.scheme in ("", "http") and parts.netloc in ("", "localhost") and \
        location.startswith(("/", "http://localhost/")) and not location.startswith("//")


@pytest.mark.parametrize("target", EVIL, ids=[repr(t)[:30] for t in EVIL])
def test_sign_in_never_follows_next_off_the_site(app, target):
    user = make_user()
    response = _sign_in_to(app.test_client(), user.email, target)
    if "\x00" in target:  # refused before anything else: no address holds a NUL byte
        assert response.status_code == 400
        return
    assert response.status_code == 302
    location = response.headers["Location"]
    assert _stays_here(location), location
    assert "evil" not in location and "\r" not in location and "\n" not in location
    assert urlsplit(location).path == "/"


@pytest.mark.parametrize("target", ["/consultations", "/links/kiel?order=newest",
                                    "/account"])
def test_sign_in_follows_a_relative_path_on_the_site(app, target):
    user = make_user()
    response = _sign_in_to(app.test_client(), user.email, target)
    assert response.status_code == 302
    assert response.headers["Location"] in (target, f"http://localhost{target}")


@pytest.mark.parametrize("target", EVIL)
def test_the_redirect_rule_refuses_each_target(target):
    assert safe_next(target, "/fallback") == "/fallback"


def test_a_signed_out_visit_to_a_private_page_asks_for_sign_in_with_a_local_next(app):
    response = app.test_client().get("/account")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/sign-in" and location.netloc in ("", "localhost")
    assert "next=%2Faccount" in location.query or "next=/account" in location.query


def test_no_redirect_anywhere_leaves_the_site(app, signed_in):
    """Every route that redirects (as a resident, an officer and signed out) stays local,
    even when given a Referer or next from elsewhere."""
    headers = {"Referer": "https://evil.example/", "Host": "localhost"}
    clients = [app.test_client(), signed_in("resident"), signed_in("officer")]
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments:
            continue
        for client in clients:
            response = client.get(f"{rule.rule}?next=https://evil.example", headers=headers)
            response.close()  # a streamed download holds its request context until closed
            if response.status_code in (301, 302, 303, 307, 308):
                assert _stays_here(response.headers["Location"]), rule.rule
