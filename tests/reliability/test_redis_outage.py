"""Redis (the shared rate-limit storage) stops: signing in, registering and resetting keep
working, limits are counted in memory meanwhile, the log says so once and /healthz too."""

import logging

import pytest

from consult import create_app
from consult.extensions import limiter
from tests.conftest import submit
from tests.factories import PASSWORD, make_user
from tests.reliability.redis_server import REDIS_SERVER, RedisServer

pytestmark = pytest.mark.skipif(not REDIS_SERVER, reason="redis-server is not installed")
FALLING_BACK = "falling back to in-memory storage"


@pytest.fixture
def redis_server():
    with RedisServer() as server:
        yield server
    # Flask-Limiter is one object per process: leave it as the next test's app expects.
    limiter._storage_dead = False


@pytest.fixture
def limited(app, app_config, redis_server):
    """The app with rate limits on, counted in this test's own Redis."""
    config = {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": redis_server.url,
              "CONSULT_LOGIN_LIMIT": "3 per minute"}
    return create_app(config)


def client_from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_sign_in_keeps_working_and_limited_when_redis_stops(limited, redis_server, caplog):
    make_user(email="ada@example.org")
    assert client_from(limited, "10.0.0.1").get("/healthz").json["rate_limits"] == {
        "status": "ok", "storage": "redis"}
    redis_server.kill()
    caplog.set_level(logging.WARNING)

    attacker = client_from(limited, "10.0.0.2")
    statuses = [submit(attacker, "/sign-in", {"email": "ada@example.org",
                                              "password": "wrong"}).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]  # the limit still holds, counted in memory
    resident = client_from(limited, "10.0.0.3")
    answer = submit(resident, "/sign-in", {"email": "ada@example.org", "password": PASSWORD})
    assert answer.status_code == 302

    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record.getMessage() for record in warnings] == [
        "Rate limit storage unreachable - falling back to in-memory storage"]


def test_registration_and_password_reset_keep_working_when_redis_stops(limited, redis_server,
                                                                      mailbox):
    redis_server.kill()
    visitor = client_from(limited, "10.0.1.1")
    registered = submit(visitor, "/register", {
        "email": "new@example.org", "display_name": "New", "password": PASSWORD,
        "confirm": PASSWORD})
    assert registered.status_code == 302
    assert "problem with the service" not in registered.get_data(as_text=True)
    reset = submit(visitor, "/forgot-password", {"email": "new@example.org"})
    assert reset.status_code == 302
    assert "problem with the service" not in reset.get_data(as_text=True)


def test_healthz_says_the_rate_limit_storage_is_degraded_while_redis_is_down(
        limited, redis_server):
    redis_server.kill()
    answer = client_from(limited, "10.0.2.1").get("/healthz")
    assert answer.status_code == 200  # responses can still be taken
    assert answer.json["status"] == "degraded"
    assert answer.json["rate_limits"]["status"] == "degraded"
    assert answer.json["rate_limits"]["storage"] == "redis"
    assert answer.json["database"]["status"] == "ok"
