"""Browser fixtures: Debian's Chromium through Playwright, the real app on a live server, axe."""

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from werkzeug.serving import WSGIRequestHandler, make_server

from consult import clock, create_app
from consult.domain.roles import ROLES
from consult.extensions import db
from consult.models import User
from consult.queries import link_queries
from consult.services import demo
from tests import databases
from tests.factories import PASSWORD, make_user

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run",
]
BROWSER_TESTS = Path(__file__).resolve().parent
HOME_PLACE = "Coventry"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


def pytest_collection_modifyitems(config, items):
    """Skip this folder, saying why, where Debian's Chromium is missing: never download one."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"Debian chromium not installed ({CHROMIUM})")
    for item in items:
        if BROWSER_TESTS in Path(item.path).resolve().parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS}


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    role: str


@dataclass
class LiveServer:
    url: str
    app: Flask
    accounts: dict[str, Account] = field(default_factory=dict)

    def __call__(self, path: str) -> str:
        return self.url + path

    def add_account(self, *, email: str, role: str = "resident", verified: bool = True) -> Account:
        """A new account straight through the service, for a journey that changes it."""
        with self.app.app_context():
            user = make_user(role=role, email=email, verified=verified)
            account = Account(id=user.id, email=user.email, role=role)
            db.session.remove()
        return account


class _QuietHandler(WSGIRequestHandler):
    """Errors still reach the log; one line per request would only bury them."""

    def log_request(self, code="-", size="-"):
        pass


# Module scope: each test module gets its own server and data, and on PostgreSQL the per-test
# TRUNCATE in tests/conftest.py cannot run while a module's tests are using the rows.
@pytest.fixture(scope="module")
def live_database_url(migrated_database, tmp_path_factory):
    """A copy of the migrated SQLite template, or the PostgreSQL test database emptied."""
    if isinstance(migrated_database, str):
        databases.empty_postgres(migrated_database)
        return migrated_database
    target = tmp_path_factory.mktemp("live") / "consult.sqlite3"
    databases.copy_sqlite(migrated_database, target)
    return databases.sqlite_url(target)


def _load_data(app) -> dict[str, Account]:
    with app.app_context():
        demo.load(home_place=HOME_PLACE, now=clock.now())  # the demo consultation is open now
        accounts = {}
        for role in ROLES:
            user = make_user(role=role, email=f"{role}@example.org",
                             display_name=f"Demo {role}")
            accounts[role] = Account(id=user.id, email=user.email, role=role)
        _requests(accounts)
        db.session.remove()
    return accounts


def _requests(accounts: dict[str, "Account"]) -> None:
    """Requests for a consultation (issue 16): 1 published and signed, 2 waiting for
    moderation, 3 rejected, 4 refused."""
    from consult.domain import requests as request_rules
    from consult.services import requests

    officer = db.session.get(User, accounts["officer"].id)
    link = link_queries.get_by_slug("volgograd")
    made = [requests.submit(author=make_user(), draft=request_rules.Draft(
        link.id, action, title, "The link has been suspended since 2022; it is time to ask "
        "residents what should happen next."))
        for action, title in (("review", "Review the Volgograd link"),
                              ("resume", "Resume the Volgograd link"),
                              ("end", "End the Volgograd link"),
                              ("end", "End the link now"))]
    for number in (0, 3):
        requests.publish(request_id=made[number].id, moderator=officer)
    requests.reject(request_id=made[2].id, code=request_rules.DUPLICATE, moderator=officer)
    requests.sign(request_id=made[0].id, signer_id=make_user().id, signer_type="local_resident")
    requests.refuse(request_id=made[3].id, reason="The council consulted on this in 2025.",
                    actor=officer)


@pytest.fixture(scope="module")
def live_server(live_database_url, smtp_server):
    """The real app, CSRF on, served by werkzeug in a thread on a free port."""
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": live_database_url,
        "RATELIMIT_ENABLED": False,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_server.port,
        "CONSULT_HOME_PLACE": HOME_PLACE,
        "HUEY_IMMEDIATE": True,  # mail is sent before the page answers, as tests read it
    })
    accounts = _load_data(app)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app, accounts=accounts)
    server.shutdown()
    thread.join()
    server.server_close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def base_url():
    """Replaces pytest-playwright's own, which pytest 9 deprecates (an instance-method fixture).

    The live server's address goes in through browser_context_args below instead.
    """
    return None


@pytest.fixture
def browser_context_args(browser_context_args, live_server):
    """pytest-playwright's page and context fixtures resolve relative URLs on the live server."""
    return {**browser_context_args, "base_url": live_server.url}


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person would."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))


# What the page says when axe ran while a click's navigation replaced the document.
NAVIGATING = ("documentElement", "Execution context was destroyed", "navigation")


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page once it has loaded, with the WCAG 2.2 AA rules only.

    A click on a link starts a navigation that may not have committed when the test
    calls this: axe then finds no document. Wait for the load and run it again on the
    new page, so the check is of the page the test went to, never skipped."""
    options = {
        "runOnly": {"type": "tag", "values": list(WCAG_TAGS)},
        "resultTypes": ["violations"],
    }
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return Axe().run(page, options=options).response["violations"]
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in NAVIGATING):
                raise
    raise AssertionError("unreachable")


def describe_violations(violations: list[dict]) -> str:
    """One block per rule: what it asks, where to read about it, and each failing element."""
    lines = []
    for violation in violations:
        lines.append(f"* {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(str(part) for part in node['target'])}")
            lines.append(f"    {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, (f"axe found {len(violations)} WCAG 2.2 AA problem(s) on {page.url}:"
                            f"\n{describe_violations(violations)}")
