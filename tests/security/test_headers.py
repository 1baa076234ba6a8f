"""Security headers on every response (errors too), and production errors without tracebacks."""

import logging
import re

import pytest

from consult import create_app
from tests.conftest import csrf_token, submit
from tests.factories import PASSWORD, make_user

NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]{16,})'")


def assert_security_headers(response, where: str, *, hsts: bool = False) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";"))
    assert "unsafe-inline" not in directives.get("script-src", "unsafe-inline"), where
    assert NONCE.search(directives["script-src"]), where
    assert directives.get("frame-ancestors") == "'none'", where
    assert directives.get("object-src") == "'none'", where
    assert "unsafe-eval" not in csp, where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") in ("strict-origin-when-cross-origin", "no-referrer",
                                              "same-origin"), where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert ("Strict-Transport-Security" in headers) == hsts, where
    if hsts:
        assert "max-age=31536000" in headers["Strict-Transport-Security"], where


def _responses(app, client):
    """One response of every kind the site gives."""
    token = csrf_token(client)
    yield "page", client.get("/links")
    yield "404", client.get("/no-such-page")
    yield "404 id", client.get("/consultations/99999999999999999999")
    yield "405", client.post("/links", data={"csrf_token": token})
    yield "400 csrf", client.post("/sign-in", data={"email": "a@example.org"})
    yield "413", client.post("/sign-in", data={"csrf_token": token,
                                               "email": "x" * (2 * 1024 * 1024)})
    yield "api", client.get("/api/v1/links")
    yield "api 404", client.get("/api/v1/consultations/99999")
    yield "api 400", client.get("/api/v1/links?status=nonsense")
    yield "api 405", client.post("/api/v1/links")
    yield "static", client.get("/static/css/app.css")
    yield "csv", client.get("/links.csv")
    yield "atom", client.get("/consultations/feed.atom")
    yield "jsonl", client.get("/audit/log.jsonl")
    yield "healthz", client.get("/healthz")


def test_every_kind_of_response_has_the_security_headers(app, client):
    statuses = {}
    for name, response in _responses(app, client):
        statuses[name] = response.status_code
        assert_security_headers(response, name)
        response.close()
    assert statuses == {
        "page": 200, "404": 404, "404 id": 404, "405": 405, "400 csrf": 400, "413": 413,
        "api": 200, "api 404": 404, "api 400": 400, "api 405": 405, "static": 200, "csv": 200,
        "atom": 200, "jsonl": 200, "healthz": 200}


def test_every_script_carries_this_responses_nonce_and_it_changes(client):
    nonces = []
    for _ in range(2):
        response = client.get("/")
        nonce = NONCE.search(response.headers["Content-Security-Policy"]).group(1)
        scripts = re.findall(r"<script\b[^>]*>", response.get_data(as_text=True))
        assert scripts, "no script to check"
        for tag in scripts:
            assert f'nonce="{nonce}"' in tag or "src=" in tag, tag
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_too_many_requests_answer_has_the_headers(app_config):
    limited = create_app({**app_config, "RATELIMIT_ENABLED": True,
                          "CONSULT_LOGIN_LIMIT": "2 per minute"})
    client = limited.test_client()
    statuses = []
    for _ in range(3):
        response = submit(client, "/sign-in", {"email": "a@example.org", "password": "wrong"})
        statuses.append(response.status_code)
    assert statuses[-1] == 429
    assert_security_headers(response, "429")
    assert "Too many attempts" in response.get_data(as_text=True)


def test_signed_in_pages_are_not_stored_by_caches(signed_in, client):
    resident = signed_in("resident")
    for path in ("/account", "/consultations", "/links"):
        response = resident.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response.headers.get("Cache-Control", ""), path
    assert "no-store" not in client.get("/links").headers.get("Cache-Control", "")


@pytest.fixture
def production_app(app, app_config, monkeypatch):
    """The app as production builds it from the environment, with a route that fails."""
    monkeypatch.setenv("CONSULT_ENV", "production")
    monkeypatch.setenv("CONSULT_BASE_URL", "https://consult.example.gov.uk")
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    config = {key: value for key, value in app_config.items() if key != "TESTING"}
    application = create_app(config)

    def explode():
        raise RuntimeError("secret-detail-in-the-exception")

    application.add_url_rule("/test-only/explode", "explode", explode)
    application.add_url_rule("/api/v1/test-only/explode", "api_explode", explode)
    return application


def test_production_sends_hsts_and_the_same_headers(production_app):
    client = production_app.test_client()
    for path in ("/links", "/no-such-page", "/api/v1/links", "/static/css/app.css",
                 "/links?status=%00"):
        response = client.get(path)
        assert_security_headers(response, path, hsts=True)
    # Errors raised before any view runs: the CSRF check and the body size check.
    refused = client.post("/sign-in", data={"email": "a@example.org"})
    too_large = client.post("/sign-in", data={"email": "x" * (2 * 1024 * 1024)})
    assert (refused.status_code, too_large.status_code) == (400, 413)
    assert_security_headers(refused, "csrf", hsts=True)
    assert_security_headers(too_large, "413", hsts=True)


def test_a_production_error_shows_an_incident_id_and_logs_the_traceback(production_app,
                                                                      caplog):
    client = production_app.test_client()
    with caplog.at_level(logging.ERROR):
        response = client.get("/test-only/explode")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert_security_headers(response, "500", hsts=True)
    assert "Sorry, there is a problem with the service." in html
    incident = re.search(r"quote incident <strong>([0-9a-f]{12})</strong>", html).group(1)
    for secret in ("secret-detail", "Traceback", "RuntimeError", "explode", "File \""):
        assert secret not in html
    [record] = [r for r in caplog.records if incident in r.getMessage()]
    assert record.exc_info and record.exc_info[0] is RuntimeError


def test_a_production_api_error_is_json_with_an_incident_id(production_app, caplog):
    client = production_app.test_client()
    with caplog.at_level(logging.ERROR):
        response = client.get("/api/v1/test-only/explode")
    assert response.status_code == 500
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == 500 and body["message"] and re.fullmatch(r"[0-9a-f]{12}",
                                                                         body["incident"])
    assert "secret-detail" not in response.get_data(as_text=True)
    assert any(body["incident"] in r.getMessage() and r.exc_info for r in caplog.records)


def test_production_session_cookies_are_secure_and_http_only(production_app):
    user = make_user()
    client = production_app.test_client()
    response = submit(client, "/sign-in", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie
