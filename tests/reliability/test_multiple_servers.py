"""Two gunicorn instances on one PostgreSQL database and one Redis: residents alternate between
them, the sign-in limit is one limit across both, and both show the same honest totals."""

import os
import re
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from consult import create_app
from consult.models import db
from tests import databases
from tests.factories import PASSWORD, make_proposal, make_user
from tests.reliability.servers import Gunicorn, free_port, server_env
from tests.reliability.web_client import Browser

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
RESIDENTS = 8
ROUNDS = 3
LOGIN_LIMIT = 3

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (databases.postgres_url() and REDIS_URL),
                       reason="needs TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL (Redis): "
                              "several processes cannot share one SQLite test file and an "
                              "in-memory limit store"),
]


def _address() -> str:
    """A client address of this run's own (via X-Forwarded-For), so limits counted in Redis
    by earlier runs never meet this one."""
    return "10." + ".".join(str(secrets.randbelow(254) + 1) for _ in range(3))


def _prepare(url: str) -> tuple[int, list[int], list[str]]:
    setup = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with setup.app_context():
        proposal = make_proposal(status="open", results_visibility="shown")
        emails = [make_user(email=f"multi-{n}@d{n}.example.org").email
                  for n in range(RESIDENTS)]
        answer = (proposal.id, [option.id for option in proposal.options], emails)
        db.session.remove()
        db.engine.dispose()
    return answer


def _page_total(browser: Browser, base: str, proposal_id: int) -> int:
    browser.base = base
    status, html = browser.request(f"/consultations/{proposal_id}/results")
    assert status == 200
    return int(re.search(r'id="response-count">(\d+) response', html).group(1))


def _direct_count(url: str, proposal_id: int) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(
                "SELECT COUNT(*) FROM responses WHERE proposal_id = :p AND NOT withdrawn"),
                {"p": proposal_id}).scalar_one()
    finally:
        engine.dispose()


def _servers(tmp_path, url: str) -> list[Gunicorn]:
    secret, ports = secrets.token_hex(32), [free_port(), free_port()]
    return [Gunicorn(port, server_env(
        tmp_path / f"instance-{port}", url, port, SECRET_KEY=secret,
        RATELIMIT_ENABLED="true", RATELIMIT_STORAGE_URI=REDIS_URL,
        CONSULT_LOGIN_LIMIT=f"{LOGIN_LIMIT} per minute", CONSULT_TRUSTED_PROXIES="1"))
        for port in ports]


def test_two_instances_share_the_database_the_limits_and_the_totals(database_url, tmp_path):
    proposal_id, options, emails = _prepare(database_url)
    servers = _servers(tmp_path, database_url)
    try:
        for server in servers:
            server.start()
        bases = [server.base for server in servers]
        acknowledged = _respond_alternating(bases, proposal_id, options, emails)
        limited = _wrong_passwords_alternating(bases)
        reader = Browser(bases[0])
        totals = [_page_total(reader, base, proposal_id) for base in bases]
    finally:
        for server in servers:
            server.stop()

    assert acknowledged == [[302] * ROUNDS] * RESIDENTS
    assert limited == [200] * LOGIN_LIMIT + [429]
    assert totals == [RESIDENTS, RESIDENTS] == [_direct_count(database_url, proposal_id)] * 2


def _respond_alternating(bases, proposal_id, options, emails) -> list[list[int]]:
    def resident(number: int) -> list[int]:
        browser = Browser(bases[number % 2], {"X-Forwarded-For": _address()})
        assert browser.sign_in(emails[number], PASSWORD) == 302
        statuses = []
        for round_ in range(ROUNDS):
            browser.base = bases[(number + round_ + 1) % 2]
            statuses.append(browser.respond(proposal_id, options[round_ % len(options)],
                                            f"Resident {number}, round {round_}"))
        return statuses

    with ThreadPoolExecutor(RESIDENTS) as pool:
        return list(pool.map(resident, range(RESIDENTS)))


def _wrong_passwords_alternating(bases) -> list[int]:
    browser, statuses = Browser(bases[0], {"X-Forwarded-For": _address()}), []
    for attempt in range(LOGIN_LIMIT + 1):
        browser.base = bases[attempt % 2]
        statuses.append(browser.sign_in("nobody@example.org", "not the password"))
    return statuses
