"""Logs and URLs carry no personal data; every request is logged once, with a request id."""

import logging
import re
from pathlib import Path

import pytest

from consult.request_log import RequestIdFilter, request_id_from
from tests.conftest import project_root, submit
from tests.factories import make_proposal
from tests.smtp import text_of as mail_text

EMAIL = "Logged.Person@Example.org"
NAME = "Lorna Logfree"
PASSWORD = "a passphrase nobody may log"
NEW_PASSWORD = "another passphrase nobody may log"
REASON = "A reason that would identify Lorna if it were logged."
LINK = re.compile(r"http://localhost(/(?:verify-email|reset-password)/[^\s]+)")


MAILED_TO = "Logged.Person@example.org"  # the address as email-validator normalises it


def emailed_path(mailbox, subject_word: str) -> str:
    message = [m for m in mailbox.to(MAILED_TO) if subject_word in m["Subject"]][-1]
    return LINK.search(mail_text(message)).group(1)


def journey(client, mailbox) -> list[str]:
    """Register, confirm, sign in, respond with a reason, then reset the password."""
    proposal = make_proposal(status="open")
    statuses = [submit(client, "/register", {"display_name": NAME, "email": EMAIL,
                                             "password": PASSWORD, "confirm": PASSWORD})]
    verify = emailed_path(mailbox, "Confirm")
    statuses.append(submit(client, verify, {}))
    statuses.append(submit(client, f"/sign-in?next=/consultations/{proposal.id}&email={EMAIL}",
                           {"email": EMAIL, "password": PASSWORD}, token_from="/sign-in"))
    statuses.append(submit(client, f"/consultations/{proposal.id}/respond",
                           {"option": str(proposal.options[0].id),
                            "respondent_type": "local_resident", "reason": REASON},
                           token_from=f"/consultations/{proposal.id}"))
    client.get("/consultations/2/receipts?code=ABCD-EFGH&page=2")
    statuses.append(submit(client, "/forgot-password", {"email": EMAIL}))
    reset = emailed_path(mailbox, "Reset")
    statuses.append(submit(client, reset, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}))
    assert [response.status_code for response in statuses] == [302] * 6
    return [verify, reset]


@pytest.fixture
def logged(app, client, mailbox, caplog):
    """As in production: the app's loggers at INFO, everything else at WARNING."""
    caplog.set_level(logging.INFO, logger="consult")
    links = journey(client, mailbox)
    return caplog.records, links


def text_of(record: logging.LogRecord) -> str:
    exception = logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
    return f"{record.getMessage()} {record.args!r} {exception}".lower()


def test_no_email_address_name_password_reason_or_token_is_logged(logged):
    records, links = logged
    secrets = [EMAIL, NAME, PASSWORD, NEW_PASSWORD, REASON, "ABCD-EFGH",
               *(link.rsplit("/", 1)[1] for link in links)]
    assert len(records) > 10
    leaks = [(secret, text_of(record)) for record in records for secret in secrets
             if secret.lower() in text_of(record)]
    assert leaks == []


def test_every_request_is_logged_once_with_its_request_id(logged, client):
    records, _ = logged
    lines = [record for record in records if record.name == "consult.request"]
    assert len(lines) >= 12
    ids = [record.request_id for record in lines]
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids)
    assert len(set(ids)) == len(ids)
    assert any("GET /verify-email/<token> 200" in line.getMessage() for line in lines)
    assert any("POST /reset-password/<token> 302" in line.getMessage() for line in lines)
    assert any("/sign-in?next=-&email=- 302" in line.getMessage() for line in lines)
    assert any("/consultations/2/receipts?code=-&page=2 " in line.getMessage()
               for line in lines)


def test_every_record_made_during_a_request_carries_that_request_id(app_config, caplog):
    """Without an SMTP server mail goes to the outbox, and that is logged (without the
    address) during the request that sent it."""
    from consult import create_app

    outbox_client = create_app({**app_config, "MAIL_SERVER": ""}).test_client()
    caplog.set_level(logging.INFO, logger="consult")
    response = submit(outbox_client, "/register", {
        "display_name": NAME, "email": EMAIL, "password": PASSWORD, "confirm": PASSWORD})
    [mail_line] = [record for record in caplog.records
                   if record.name == "consult.infrastructure.mail"]
    assert mail_line.request_id == response.headers["X-Request-ID"]
    assert "Mail written to" in mail_line.getMessage()
    assert EMAIL.lower() not in text_of(mail_line)


def test_the_response_echoes_a_generated_request_id(client):
    response = client.get("/about", headers={"X-Request-ID": "from-the-client-12345"})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_a_trusted_proxy_may_set_the_request_id_if_it_is_a_plain_token(app_config):
    from consult import create_app

    behind_proxy = create_app({**app_config, "CONSULT_TRUSTED_PROXIES": 1}).test_client()
    kept = behind_proxy.get("/about", headers={"X-Request-ID": "lb-7f3a9c2e-01"})
    assert kept.headers["X-Request-ID"] == "lb-7f3a9c2e-01"
    for unsafe in ("short", "has spaces in it", "a" * 65, "<script>alert(1)</script>",
                   "ada@example.org"):
        response = behind_proxy.get("/about", headers={"X-Request-ID": unsafe})
        assert response.headers["X-Request-ID"] != unsafe


@pytest.mark.parametrize("header, proxies, kept", [
    ("abcdefgh", 1, True), ("abcdefgh", 0, False), ("abc", 1, False), (None, 1, False),
    ("abcdefgh\r\nX-Evil: 1", 1, False)])
def test_request_ids_from_a_proxy_are_checked(header, proxies, kept):
    assert (request_id_from(header, proxies) == header) is kept


def test_records_outside_a_request_get_a_dash():
    record = logging.LogRecord("consult", logging.INFO, __file__, 1, "message", (), None)
    assert RequestIdFilter().filter(record) and record.request_id == "-"


def test_every_handler_on_the_root_logger_stamps_the_request_id(app):
    for handler in logging.getLogger().handlers:
        assert any(isinstance(item, RequestIdFilter) for item in handler.filters)


def test_no_route_takes_an_email_address_and_only_emailed_links_carry_tokens(app):
    rules = list(app.url_map.iter_rules())
    assert not [rule.rule for rule in rules if {"email", "password"} & set(rule.arguments)]
    # One-time tokens travel in the path of links sent by email, never in a query string;
    # the request log writes the route's pattern (<token>) instead of the path.
    assert sorted(rule.endpoint for rule in rules if "token" in rule.arguments) == [
        "auth.reset_password", "auth.verify_email", "public.confirm_follow",
        "public.manage_follows", "public.unsubscribe"]


SENSITIVE = {"email", "password", "token", "display_name", "name", "reason", "code"}
LINK_CALL = re.compile(r"""(?:url_for|external_url)\(\s*['"]([\w.-]+)['"]\s*,([^)]*)\)""")
LITERAL_QUERY = re.compile(r"[?&](email|password|token|display_name|reason)=")


def link_calls():
    """Every url_for/external_url call with keyword values in templates and code."""
    root = project_root()
    for folder, pattern in (("templates", "**/*.html"), ("consult", "**/*.py")):
        for path in Path(root / folder).glob(pattern):
            text = path.read_text(encoding="utf-8")
            for match in LINK_CALL.finditer(text):
                yield path.name, match.group(1), set(re.findall(r"(\w+)\s*=", match.group(2)))
            for match in LITERAL_QUERY.finditer(text):
                yield path.name, "(literal query string)", {match.group(1)}


def test_no_link_puts_personal_data_or_a_token_in_a_query_string(app):
    """A keyword that is not one of the route's own path arguments becomes a query parameter.
    Tokens may be path arguments: the one-time links sent by email carry them in the path."""
    arguments = {rule.endpoint: set(rule.arguments) for rule in app.url_map.iter_rules()}
    leaks = [(name, endpoint, sorted((keywords & SENSITIVE) - arguments.get(endpoint, set())))
             for name, endpoint, keywords in link_calls()]
    assert [leak for leak in leaks if leak[2]] == []
    assert any(endpoint == "auth.verify_email" for _, endpoint, _ in link_calls())
