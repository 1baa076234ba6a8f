"""Sign-in attempts are limited per client address and per account (every spelling of one
mailbox counts together), in memory or in Redis when TEST_REDIS_URL is set.

Flask-Limiter keeps the key prefix of the first app initialised in a process, so a prefix per
test does not keep Redis counters apart: each test also uses addresses and accounts of its own.
"""

import os
import uuid

import pytest

from consult import create_app
from consult.extensions import db
from tests.conftest import submit
from tests.factories import PASSWORD, make_user

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
STORAGES = [pytest.param("memory://", id="memory"),
            pytest.param(REDIS_URL, id="redis", marks=pytest.mark.skipif(
                not REDIS_URL, reason="TEST_REDIS_URL not set (CI sets it)"))]


@pytest.fixture(params=STORAGES)
def limited(request, app, app_config):
    """The app with rate limits on: 3 a minute per address, 3 an hour per account."""
    config = {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": request.param,
              "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
              "CONSULT_LOGIN_LIMIT": "3 per minute", "CONSULT_LOGIN_ACCOUNT_LIMIT": "3 per hour"}
    application = create_app(config)
    # No context of its own is pushed: each request then gets a fresh `g` (and CSRF token).
    yield application
    with application.app_context():
        db.engine.dispose()


def _attempt(client, email: str, password: str = "not the password", ip: str = "192.0.2.1"):
    return submit(client, "/sign-in", {"email": email, "password": password},
                  environ_base={"REMOTE_ADDR": ip})


@pytest.fixture
def ips():
    """Client addresses no other test uses: 10.x.y.z from a random number."""
    base = uuid.uuid4().int

    def address(n: int) -> str:
        value = (base + n) % (1 << 24)
        return f"10.{value >> 16 & 255}.{value >> 8 & 255}.{value & 255}"

    return address


@pytest.fixture
def tag() -> str:
    return uuid.uuid4().hex[:10]


def test_one_address_is_stopped_after_the_limit_whatever_accounts_it_tries(limited, ips, tag):
    client = limited.test_client()
    statuses = [_attempt(client, f"{tag}-{n}@example.org", ip=ips(0)).status_code
                for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    other_address = _attempt(limited.test_client(), f"{tag}-9@example.org", ip=ips(1))
    assert other_address.status_code == 200


def test_one_account_is_stopped_after_the_limit_whatever_addresses_try_it(limited, ips, tag):
    user = make_user(email=f"{tag}@example.org")
    statuses = [_attempt(limited.test_client(), user.email, ip=ips(n)).status_code
                for n in range(3)]
    assert statuses == [200, 200, 200]
    client = limited.test_client()
    blocked = _attempt(client, user.email, PASSWORD, ip=ips(50))  # the right password, too late
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    assert client.get("/account").status_code == 302  # not signed in
    other = _attempt(limited.test_client(), f"{tag}-other@example.org", ip=ips(51))
    assert other.status_code == 200


def test_spellings_of_one_mailbox_share_the_account_limit(limited, ips, tag):
    make_user(email=f"john{tag}@gmail.com")
    spellings = [f"john{tag}@gmail.com", f"J.o.h.n{tag}@gmail.com",
                 f"john.{tag}+a@googlemail.com"]
    statuses = [_attempt(limited.test_client(), email, ip=ips(n)).status_code
                for n, email in enumerate(spellings)]
    assert statuses == [200, 200, 200]
    assert _attempt(limited.test_client(), f"JOHN{tag}+b@gmail.com",
                    ip=ips(40)).status_code == 429


def test_known_and_unknown_accounts_are_limited_alike(limited, ips, tag):
    known, unknown = f"known-{tag}@example.org", f"unknown-{tag}@example.org"
    make_user(email=known)
    statuses = {email: [_attempt(limited.test_client(), email, ip=ips(n * 10 + attempt))
                        .status_code for attempt in range(4)]
                for n, email in enumerate((known, unknown))}
    assert statuses[known] == statuses[unknown] == [200, 200, 200, 429]

