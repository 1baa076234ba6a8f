"""Crawl every API answer, download and feed of the demo: no email address or account id."""

import re
from datetime import UTC, datetime

import sqlalchemy as sa

from consult.models import User, db
from consult.queries import link_queries
from consult.services import links
from tests.factories import NOW, make_user

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
ACCOUNT_REF = re.compile(r"\buser:\d+")
ID_KEYS = {"email", "user_id", "actor_id", "author_id", "recorded_by_id", "created_by_id",
           "moderator_id", "reporter_id", "respondent_id"}


def json_pages(client, url: str) -> list:
    """Every page of a list, by following `next`."""
    bodies, separator = [], "&" if "?" in url else "?"
    url = f"{url}{separator}per_page=100"
    while url:
        body = client.get(url).get_json()
        bodies.append(body)
        url = body["next"]
    return bodies


def account_ids(value) -> list:
    """Values under keys that name an account, anywhere in a JSON document."""
    if isinstance(value, dict):
        return [item for key, item in value.items() if key in ID_KEYS] + [
            found for item in value.values() for found in account_ids(item)]
    if isinstance(value, list):
        return [found for item in value for found in account_ids(item)]
    return []


def crawl(client) -> tuple[list[str], list]:
    """The text of every open data answer, and the parsed JSON ones."""
    documents = [client.get("/api/v1/openapi.json").get_json()]
    documents += json_pages(client, "/api/v1/links") + json_pages(client, "/api/v1/consultations")
    documents += json_pages(client, "/api/v1/audit/entries")
    for page in json_pages(client, "/api/v1/decisions"):
        documents += [client.get(f"/api/v1/decisions/{item['id']}").get_json()
                      for item in page["items"]]
    documents.append(client.get("/api/v1/audit/head").get_json())
    for page in json_pages(client, "/api/v1/requests"):
        documents += [page] + [client.get(f"/api/v1/requests/{item['id']}").get_json()
                               for item in page["items"]]
    texts = [client.get(path).get_data(as_text=True) for path in (
        "/links.csv", "/consultations.csv", "/decisions.csv", "/consultations/feed.atom",
        "/consultations/closing-soon.atom", "/decisions/feed.atom", "/requests.csv",
        "/requests/feed.atom")]
    for page in json_pages(client, "/api/v1/links"):
        for link in page["items"]:
            slug = link["slug"]
            documents += [client.get(f"/api/v1/links/{slug}").get_json(),
                          client.get(f"/api/v1/links/{slug}/history").get_json()]
            texts += [client.get(f"/links/{slug}/history.csv").get_data(as_text=True),
                      client.get(f"/links/{slug}/feed.atom").get_data(as_text=True)]
    for page in json_pages(client, "/api/v1/consultations"):
        for item in page["items"]:
            base = f"/api/v1/consultations/{item['id']}"
            documents += [client.get(base + suffix).get_json()
                          for suffix in ("", "/results", "/receipts")]
            documents += json_pages(client, base + "/reasons")
            texts += [client.get(f"/consultations/{item['id']}/{name}.csv").get_data(as_text=True)
                      for name in ("results", "reasons")]
    return texts, documents


def test_no_email_address_or_account_id_appears_in_any_open_data(app, client, demo):
    officer = make_user(role="officer", display_name="Olive Officer")
    make_user(role="admin")
    links.append_event(link_id=link_queries.get_by_slug("kiel").id, details=links.EventDetails(
        occurred_on="2026", kind="note", summary="Recorded by a named officer.",
        sources=["https://example.org/n"]), actor=officer, now=NOW)
    _requests(officer)
    texts, documents = crawl(client)
    assert len(documents) > 60 and all(document is not None for document in documents)
    everything = "\n".join(texts + [str(document) for document in documents])
    emails = set(db.session.scalars(sa.select(User.email)))
    assert len(emails) > 36
    assert not [email for email in emails if email in everything]
    assert not EMAIL.search(everything)
    assert not ACCOUNT_REF.search(everything)
    assert set(account_ids(documents)) <= {None, "withheld"}
    assert "Olive Officer (officer)" in everything  # staff act for the council, by name


def _requests(officer) -> None:
    """A signed request the council refused, and one rejected: their people stay unnamed."""
    from consult.services import requests
    from tests.integration.request_data import make_request

    link = link_queries.get_by_slug("kiel")
    signed = make_request(link=link, moderator=officer, now=datetime.now(UTC))
    requests.sign(request_id=signed.id, signer_id=make_user().id, signer_type="local_resident")
    requests.refuse(request_id=signed.id, reason="Consulted in 2025.", actor=officer)
    make_request(link=link, moderator=officer, status="rejected")
