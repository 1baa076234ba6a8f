"""A real `consult worker` (Huey's consumer, SQLite queue) killed with SIGKILL in the middle of
a batch: after a new worker starts, every follower has the mail, and anyone who got it twice got
the same Message-ID twice (never two different mails for one event)."""

import os
import signal
import subprocess
import time
from collections import defaultdict

import sqlalchemy as sa

from consult import create_app
from consult.domain import notifications as rules
from consult.extensions import db
from consult.models import Mail, Subscription
from consult.services import follows
from tests.conftest import sign_in, submit
from tests.factories import PASSWORD, make_link, make_user
from tests.integration.decision_data import unconsulted
from tests.reliability.servers import CONSULT, ROOT, server_env

FOLLOWERS = 30


def _worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen([str(CONSULT), "worker", "--workers", "1", "--no-periodic"],
                            cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_worker_killed_mid_batch_loses_no_mail_and_duplicates_only_its_message_id(
        app_config, tmp_path, smtp_server):
    queue = f"sqlite:///{tmp_path / 'huey.sqlite3'}"
    settings = {**app_config, "HUEY_IMMEDIATE": False, "HUEY_URL": queue,
                "CONSULT_MAIL_BATCH": 100, "SECRET_KEY": "k" * 64}
    app = create_app(settings)
    env = server_env(tmp_path, settings["SQLALCHEMY_DATABASE_URI"], 5000,
                     SECRET_KEY=settings["SECRET_KEY"], HUEY_URL=queue, MAIL_SERVER="127.0.0.1",
                     MAIL_PORT=str(smtp_server.port), CONSULT_MAIL_LEASE_SECONDS="1",
                     CONSULT_MAIL_BATCH="100", CONSULT_ENV="testing",
                     CONSULT_BASE_URL="http://localhost")
    with app.app_context():
        link = make_link(partner_name="Kiel")
        for number in range(FOLLOWERS):
            follows.follow(target=rules.LINK, target_id=link.id, email=None,
                           actor=make_user(email=f"f{number}@example.org"),
                           link_for=lambda *a, **k: "", partner="Kiel")
        officer = make_user(role="officer", email="o@example.org").email
        db.session.remove()
    smtp_server.clear()
    smtp_server.delay = 0.1
    first = _worker(env)
    try:
        client = app.test_client()  # the officer records a decision without consultation
        sign_in(client, officer, PASSWORD)
        assert submit(client, "/officer/links/kiel/decisions/new",
                      unconsulted()).status_code == 302
        _wait(lambda: len(smtp_server.messages) >= 8)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        got_before = len(smtp_server.messages)
        assert got_before < FOLLOWERS, "the batch finished before the kill: slow the sink"
        time.sleep(1.5)  # the dead worker's lease runs out
        smtp_server.delay = 0.0
        second = _worker(env)
        try:
            addresses = {f"f{number}@example.org" for number in range(FOLLOWERS)}
            _wait(lambda: {m["To"] for m in smtp_server.messages} >= addresses)
        finally:
            second.send_signal(signal.SIGINT)
            second.wait(timeout=30)
    finally:
        smtp_server.delay = 0.0
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    ids = defaultdict(set)
    for message in smtp_server.messages:
        ids[message["To"]].add(message["Message-ID"])
    assert set(ids) == addresses
    assert all(len(found) == 1 for found in ids.values())  # duplicates: one Message-ID each
    assert len(smtp_server.messages) > FOLLOWERS  # those sent before the kill went again
    with app.app_context():
        mails = db.session.scalars(sa.select(Mail).where(Mail.kind == "event")).all()
        assert len(mails) == FOLLOWERS and {mail.status for mail in mails} == {"sent"}
        assert {mail.sends for mail in mails} == {2}  # the delivery log shows each hand-over
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Subscription)) == \
            FOLLOWERS
        db.session.remove()
