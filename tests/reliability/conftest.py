"""The suite's app, with 127.0.0.1 (every test client) allow-listed as a shared address."""

import pytest


@pytest.fixture
def app_config(app_config):
    return {**app_config, "CONSULT_SHARED_ADDRESSES": "127.0.0.1"}
