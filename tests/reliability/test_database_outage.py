"""The database is down, or cannot write: the service's own 503 page (headers, request id,
incident), never one that needs the database; a response that was not recorded says so; and
/healthz reports it. Real faults: a port nothing listens on, a database opened read-only."""

import contextlib
import sqlite3
import subprocess
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from consult import create_app
from consult.models import Response, db
from tests.conftest import csrf_token
from tests.factories import make_proposal
from tests.reliability.servers import free_port

UNAVAILABLE = "Sorry, the service is unavailable"
NOT_RECORDED = "Your response has not been recorded."


def down_url() -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/consult"  # nothing listens


def read_only_url(database_url: str) -> str:
    """The same database, refusing every write (a read-only standby, for instance)."""
    if database_url.startswith("sqlite:///"):
        return f"sqlite:///file:{database_url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    return f"{database_url}?options=-c%20default_transaction_read_only%3Don"


@contextmanager
def small_disk(tmp_path, database_url: str):
    """A copy of the SQLite database on a disk of its own (a tmpfs a little larger than the
    file), and a function that fills that disk. Needs the right to mount (root)."""
    source = Path(database_url.removeprefix("sqlite:///"))
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    size = source.stat().st_size + 1024 * 1024
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                              str(mount_point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small disk here (needs root)")
    copy = mount_point / "consult.sqlite3"
    try:
        with closing(sqlite3.connect(source)) as old, closing(sqlite3.connect(copy)) as new:
            old.backup(new)

        def fill() -> None:
            with contextlib.suppress(OSError), (mount_point / "filler").open("wb") as filler:
                while True:
                    filler.write(bytes(64 * 1024))
                    filler.flush()

        yield f"sqlite:///{copy}", fill
    finally:
        (mount_point / "filler").unlink(missing_ok=True)
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def twin_with(app_config: dict, url: str):
    """The same service (same secret key) on a database in trouble."""
    return create_app({**app_config, "SQLALCHEMY_DATABASE_URI": url})


def carry_session(source, target_app):
    """The visitor's browser, now talking to the service whose database is in trouble."""
    client = target_app.test_client()
    cookie = source.get_cookie("session")
    client.set_cookie(cookie.key, cookie.value)
    return client


def assert_service_page(answer, *texts: str) -> str:
    page = answer.get_data(as_text=True)
    assert answer.status_code == 503
    assert UNAVAILABLE in page and "quote incident" in page
    assert all(text in page for text in texts)
    assert "nonce-" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Request-ID"]
    assert answer.headers["Cache-Control"] == "no-store"  # someone is signed in
    assert answer.headers["Retry-After"]
    return page


def test_a_signed_in_visitor_gets_the_services_own_page_while_the_database_is_down(
        app_config, signed_in):
    resident = signed_in("resident")
    visitor = carry_session(resident, twin_with(app_config, down_url()))
    for path in ("/", "/account", "/consultations"):
        page = assert_service_page(visitor.get(path))
        assert "Your account" not in page and "not been recorded" not in page


def respond_form(client, proposal) -> dict:
    page = f"/consultations/{proposal.id}"
    return {"csrf_token": csrf_token(client, page), "option": str(proposal.options[0].id),
            "respondent_type": "local_resident", "reason": "Keep the link."}


def test_a_response_sent_while_the_database_is_down_is_said_not_to_be_recorded(
        app_config, signed_in):
    proposal = make_proposal(status="open")
    resident = signed_in("resident")
    data = respond_form(resident, proposal)
    visitor = carry_session(resident, twin_with(app_config, down_url()))
    answer = visitor.post(f"/consultations/{proposal.id}/respond", data=data)
    assert_service_page(answer, NOT_RECORDED)


def test_a_response_the_database_cannot_write_is_said_not_to_be_recorded(
        app_config, signed_in, database_url, tmp_path):
    """SQLite: the disk fills up. PostgreSQL: the server only takes read-only transactions."""
    proposal = make_proposal(status="open")
    resident = signed_in("resident")
    with ExitStack() as stack:
        if database_url.startswith("sqlite:///"):
            url, fill = stack.enter_context(small_disk(tmp_path, database_url))
        else:
            url, fill = read_only_url(database_url), lambda: None
        troubled = twin_with(app_config, url)
        visitor = carry_session(resident, troubled)
        data = respond_form(visitor, proposal)  # reads still work
        fill()
        answer = visitor.post(f"/consultations/{proposal.id}/respond", data=data)
        assert_service_page(answer, NOT_RECORDED)
        with troubled.app_context():
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0
            db.session.remove()
            db.engine.dispose()


def test_healthz_is_503_when_the_disk_under_the_database_is_full(app_config, database_url,
                                                                 tmp_path):
    if not database_url.startswith("sqlite:///"):
        pytest.skip("a full disk under PostgreSQL's server cannot be made from here")
    with small_disk(tmp_path, database_url) as (url, fill):
        troubled = twin_with(app_config, url)
        client = troubled.test_client()
        assert client.get("/healthz").status_code == 200
        fill()
        answer = client.get("/healthz")
        with troubled.app_context():
            db.engine.dispose()
    assert answer.status_code == 503
    database = answer.json["database"]
    assert (database["read"], database["write"]) == ("ok", "error")
    assert "full" in database["error"]


def test_healthz_is_503_when_the_database_does_not_answer(app_config):
    answer = twin_with(app_config, down_url()).test_client().get("/healthz")
    assert answer.status_code == 503
    assert answer.json["status"] == "error"
    assert answer.json["database"]["read"] == "error"
    assert answer.json["task_queue"]["status"] == "ok"  # inline: no queue to lose
    assert "127.0.0.1" not in answer.get_data(as_text=True)  # anyone may read it


def test_healthz_is_503_when_the_database_answers_but_cannot_write(app_config, database_url):
    answer = twin_with(app_config, read_only_url(database_url)).test_client().get("/healthz")
    assert answer.status_code == 503
    database = answer.json["database"]
    assert (database["status"], database["read"], database["write"]) == ("error", "ok", "error")


def test_healthz_reports_each_dependency_when_all_is_well(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json["database"]["status"] == "ok"
    assert (answer.json["database"]["read"], answer.json["database"]["write"]) == ("ok", "ok")
    assert answer.json["rate_limits"] == {"status": "off"}  # RATELIMIT_ENABLED is off in tests


@pytest.mark.parametrize("path", ["/api/v1/links", "/healthz"])
def test_json_callers_get_a_json_503_while_the_database_is_down(app_config, path):
    answer = twin_with(app_config, down_url()).test_client().get(path)
    assert answer.status_code == 503
    assert answer.is_json
