"""With Redis storage, the sign-in limit is shared by every worker (two app instances here)."""

import os
import uuid

import pytest
import redis

from consult import create_app
from tests.conftest import submit

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set (CI sets it)")
def test_two_workers_share_one_sign_in_limit_through_redis(app_config):
    config = {**app_config, "RATELIMIT_ENABLED": True, "CONSULT_LOGIN_LIMIT": "3 per minute",
              "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex}
    workers = [create_app(config).test_client(), create_app(config).test_client()]
    # Flask-Limiter keeps one key prefix per process, so counters from other tests or runs
    # could share keys: a client address and an account of this test's own keep them apart.
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    email = f"{uuid.uuid4().hex}@example.org"
    for worker in workers:
        worker.environ_base["REMOTE_ADDR"] = address
    statuses = []
    for attempt in range(4):
        client = workers[attempt % 2]
        response = submit(client, "/sign-in", {"email": email, "password": "wrong"})
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 429]
    # The counts are in Redis (not in one process's memory), under this client's address.
    store = redis.Redis.from_url(REDIS_URL)
    assert any(address.encode() in key for key in store.scan_iter(count=1000))
