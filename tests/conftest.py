"""Shared fixtures: an app on a real, migrated database; a real SMTP server; signed-in clients."""

import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

# The instance folder (generated secret key, outbox) lives in a temporary folder for the run,
# one per pytest-xdist worker: the workers inherit the controller's environment, and two of
# them starting on one empty folder would race to generate its files.
os.environ.setdefault("CONSULT_TEST_RUN_FOLDER", tempfile.mkdtemp(prefix="consult-test-"))
os.environ["CONSULT_INSTANCE_PATH"] = os.path.join(
    os.environ["CONSULT_TEST_RUN_FOLDER"], os.environ.get("PYTEST_XDIST_WORKER", "main"))
os.environ.setdefault("CONSULT_ENV", "testing")
os.environ.setdefault("CONSULT_FAST_PASSWORD_HASHING", "1")

from consult import create_app  # noqa: E402
from consult.extensions import db  # noqa: E402
from tests import databases, template_cache  # noqa: E402
from tests.smtp import SmtpServer  # noqa: E402
from tests.translation_catalogues import compile_if_stale  # noqa: E402

template_cache.share_across_apps()
compile_if_stale()

CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                        r'type="hidden" name="csrf_token" value="([^"]+)"|'
                        r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"')


def migrate(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """Migrate once per run: a template SQLite file, or this run's own PostgreSQL database."""
    pg_url = databases.postgres_url()
    if pg_url:
        run_url = databases.create_run_database(pg_url)
        migrate(create_app({"SQLALCHEMY_DATABASE_URI": run_url}))
        yield run_url
        databases.drop_run_database(pg_url, run_url)
        return
    template = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate(create_app({"SQLALCHEMY_DATABASE_URI": databases.sqlite_url(template)}))
    yield template


def fresh_database(migrated_database, folder: Path) -> str:
    """An empty migrated database: a copy of the SQLite template, or the run's PostgreSQL
    database emptied."""
    if isinstance(migrated_database, str):
        databases.empty_postgres(migrated_database)
        return migrated_database
    target = folder / "consult.sqlite3"
    databases.copy_sqlite(migrated_database, target)
    return databases.sqlite_url(target)


def app_settings(database_url: str, smtp_server) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "TESTING": True,
        "RATELIMIT_ENABLED": False,
        # Live totals on cached results pages exactly as stored (test_page_cache tests the
        # production default, which lets them settle for 2 s).
        "CONSULT_RESULTS_SETTLE_SECONDS": 0,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_server.port,
        # Huey runs each task inline: a test sees the mail once the request returns.
        "HUEY_IMMEDIATE": True,
        # The concurrency tests run 16 threads in one process, each holding a connection while
        # it waits for its turn to write; a task run inline after a commit needs one more.
        # With the default pool (5 + 10) that task waited out the pool's 30 s timeout.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "pool_size": 5,
                                      "max_overflow": 30},
    }


@pytest.fixture
def database_url(migrated_database, tmp_path):
    return fresh_database(migrated_database, tmp_path)


@pytest.fixture
def app_config(database_url, smtp_server):
    return app_settings(database_url, smtp_server)


@contextmanager
def running_app(app_config: dict, smtp_server):
    """The app under test, plus an app context for the test's own code.

    The test's context belongs to a twin app on the same database. Flask reuses an active
    context of the *same* app for requests, which would share `g` and the database session
    between requests; with a twin, every test-client request gets fresh ones, as in production.
    Test code that reads rows after a request should call db.session.expire_all() first.
    """
    application = create_app(app_config)
    twin = create_app(app_config)
    smtp_server.clear()
    with twin.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def app(app_config, smtp_server):
    with running_app(app_config, smtp_server) as application:
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def mailbox(smtp_server):
    return smtp_server


def csrf_token(client, path: str = "/sign-in") -> str:
    """Read the CSRF token from a real page, as a browser would."""
    html = client.get(path).get_data(as_text=True)
    match = CSRF_INPUT.search(html)
    assert match, f"no CSRF token on {path}"
    return next(group for group in match.groups() if group)


def submit(client, path: str, data: dict, *, token_from: str | None = None, **kwargs):
    """POST a form with a CSRF token taken from the page (or another page) first."""
    payload = {"csrf_token": csrf_token(client, token_from or path), **data}
    return client.post(path, data=payload, **kwargs)


def respond_over_http(client, proposal, choose: int = 0, *, address: str | None = None,
                      **fields):
    """Post the respond form as a local resident unless told, from `address` if given."""
    data = {"option": str(proposal.options[choose].id), "respondent_type": "local_resident",
            "organisation": "", "postcode_district": "", "reason": "", **fields}
    extra = {"environ_base": {"REMOTE_ADDR": address}} if address else {}
    return submit(client, f"/consultations/{proposal.id}/respond", data,
                  token_from=f"/consultations/{proposal.id}", **extra)


def sign_in(client, email: str, password: str):
    response = submit(client, "/sign-in", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


@pytest.fixture
def signed_in(app):
    """A factory: a test client signed in as a new user with the given role."""
    from tests.factories import make_user

    def _client(role: str = "resident", **kwargs):
        return client_of(app, make_user(role=role, **kwargs))

    return _client


def client_of(app, user, password: str | None = None):
    """A test client signed in as `user` through the real sign-in form."""
    from tests.factories import PASSWORD

    test_client = app.test_client()
    sign_in(test_client, user.email, password or PASSWORD)
    test_client.user = user
    return test_client


@pytest.fixture
def officer(signed_in):
    """A test client signed in as an officer, Olu Officer."""
    return signed_in("officer", display_name="Olu Officer")


def _load_demo() -> None:
    from consult import clock
    from consult.services import demo as demo_service

    # The real clock, so the demo's open consultation is open whenever the suite runs.
    demo_service.load(home_place="Coventry", now=clock.now())


@pytest.fixture(scope="session")
def demo_snapshot(migrated_database, tmp_path_factory):
    """The demo loaded once (it takes seconds): into a copy of the SQLite template, or on
    PostgreSQL into the run's database, then copied to a schema of its own."""
    if isinstance(migrated_database, str):
        databases.empty_postgres(migrated_database)
        loader = create_app({"SQLALCHEMY_DATABASE_URI": migrated_database, "TESTING": True})
        with loader.app_context():
            _load_demo()
            db.session.remove()
            db.engine.dispose()
        databases.snapshot_postgres(migrated_database)
        return migrated_database
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    databases.copy_sqlite(migrated_database, path)
    loader = create_app({"SQLALCHEMY_DATABASE_URI": databases.sqlite_url(path), "TESTING": True})
    with loader.app_context():
        _load_demo()
        db.session.remove()
        db.engine.dispose()
    return path


@pytest.fixture
def demo(app, demo_snapshot, database_url):
    """The Coventry demo data: copied from the snapshot into a still-empty database, loaded
    through the services if the test made rows first."""
    if not databases.is_empty(db.engine):
        _load_demo()
        return
    if isinstance(demo_snapshot, str):
        db.session.remove()
        databases.restore_postgres(demo_snapshot)
        return
    db.session.remove()
    db.engine.dispose()
    with app.app_context():
        db.engine.dispose()
    databases.copy_sqlite(demo_snapshot, Path(database_url.removeprefix("sqlite:///")))


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
