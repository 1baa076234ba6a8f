"""Schemathesis drives every API operation from its OpenAPI document, on the demo data.

Each operation is one test; Hypothesis makes a bounded number of requests to it, valid and
invalid, and schemathesis checks each answer: no server error, a documented status, a body
matching its schema and every documented header present.
"""

from datetime import UTC, datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis.generation.modes import GenerationMode

EXAMPLES = 30
OPERATIONS = (
    "/api/v1/links", "/api/v1/links/{slug}", "/api/v1/links/{slug}/history",
    "/api/v1/consultations", "/api/v1/consultations/{proposal_id}",
    "/api/v1/consultations/{proposal_id}/results",
    "/api/v1/consultations/{proposal_id}/receipts",
    "/api/v1/consultations/{proposal_id}/reasons",
    "/api/v1/decisions", "/api/v1/decisions/{decision_id}",
    "/api/v1/audit/head", "/api/v1/audit/entries",
    "/api/v1/requests", "/api/v1/requests/{request_id}",
)
# Real things in the demo, so generated queries also reach pages with data on them:
# the suspended Volgograd link, its open consultation (1), Kiel's closed one (2), and the
# unconsulted 2022 suspension (decision 1).
# Requests for a consultation: 1 published and signed, 2 refused, 3 waiting for moderation.
KNOWN = ({"slug": "volgograd"}, {"slug": "kiel"}, {"proposal_id": 1}, {"proposal_id": 2},
         {"decision_id": 1}, {"request_id": 1}, {"request_id": 2}, {"request_id": 3})


@pytest.fixture
def demo_requests(demo):
    from consult.queries import link_queries
    from consult.services import requests
    from tests.factories import make_user
    from tests.integration.request_data import make_request

    officer, link = make_user(role="officer"), link_queries.get_by_slug("volgograd")
    signed = make_request(moderator=officer, link=link, now=datetime.now(UTC))
    requests.sign(request_id=signed.id, signer_id=make_user().id, signer_type="local_resident")
    refused = make_request(moderator=officer, link=link, now=datetime.now(UTC))
    requests.refuse(request_id=refused.id, reason="We consulted in 2025.", actor=officer)
    make_request(status="pending", link=link)


@pytest.fixture
def api_schema(app, demo, demo_requests):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # Every address with a NUL byte is refused with a JSON 400 before any view runs
    # (tests/security/test_malformed_requests.py), so "valid" values must not hold one.
    schema.config.generation.update(allow_x00=False)
    return schema


def test_the_api_document_is_valid_openapi_3(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    validate(document)


def test_the_contract_tests_cover_every_operation_in_the_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert sorted(paths) == sorted(OPERATIONS)
    assert all(set(operations) - {"parameters"} == {"get"} for operations in paths.values())


@pytest.mark.parametrize("path", OPERATIONS)
def test_every_operation_keeps_to_its_documented_contract(api_schema, path):
    """No server errors, bodies that match their schemas, and every documented header."""
    operation = api_schema[path]["GET"]
    strategies = [operation.as_strategy(mode) for mode in GenerationMode]
    strategies += [operation.as_strategy(path_parameters=known) for known in KNOWN
                   if set(known) <= {p.name for p in operation.path_parameters}]

    @given(case=st.one_of(strategies))
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def check(case):
        case.call_and_validate()

    check()
