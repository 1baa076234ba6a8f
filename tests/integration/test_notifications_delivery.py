"""The outbox and the worker's sending: a rollback sends nothing, SMTP down then up delivers
each mail once under one Message-ID, a 5xx is given up, and digests gather by an injected clock."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from consult.domain import notifications as rules
from consult.infrastructure import outbox
from consult.infrastructure.unit_of_work import use_case
from consult.models import DigestItem, Mail, MailAttempt, Notification, Proposal, Subscription, db
from consult.services import follows, mail_delivery
from consult.tasks import jobs
from tests.factories import make_link, make_proposal, make_user
from tests.smtp import free_port, text_of


def _follow(user, link, frequency=rules.IMMEDIATE):
    make_proposal(link=link, title="Suspend the link with Kiel")
    follows.follow(target=rules.LINK, target_id=link.id, email=None, actor=user,
                   link_for=lambda *a, **k: "http://localhost/x", partner="Kiel")
    db.session.execute(sa.update(Subscription).values(frequency=frequency))
    db.session.commit()


@use_case
def _event(*, link_id: int, key: str, fail: bool, now: datetime) -> None:
    """An event about the link's latest consultation (made by `_follow`)."""
    proposal_id = db.session.scalar(sa.select(Proposal.id).where(Proposal.link_id == link_id)
                                    .order_by(Proposal.id.desc()).limit(1))
    outbox.notify(rules.OPENED, key=key, now=now, link_id=link_id, proposal_id=proposal_id)
    if fail:
        raise RuntimeError("the change failed after its notification was written")


def test_a_rolled_back_change_sends_nothing(app, mailbox):
    link, user = make_link(partner_name="Kiel"), make_user(email="f@example.org")
    _follow(user, link)
    mailbox.clear()
    with pytest.raises(RuntimeError):
        _event(link_id=link.id, key="test:1", fail=True)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0
    assert mailbox.messages == []


def _decision_mail(app, link, now):
    """An event about the link whose mail is written but not yet sent (no worker nudged)."""
    outbox.committed.disconnect(jobs._hand_over)
    try:
        _event(link_id=link.id, key="test:2", fail=False, now=now)
        notification = db.session.scalars(sa.select(Notification)).one()
        while not mail_delivery.fan_out_batch(notification_id=notification.id, limit=10,
                                              now=now):
            pass
    finally:
        outbox.committed.connect(jobs._hand_over)
    return db.session.scalars(sa.select(Mail).where(Mail.kind == "event")).one()


def test_smtp_down_then_up_delivers_each_mail_once_with_one_message_id(app, mailbox,
                                                                       monkeypatch):
    from consult import clock

    link, user = make_link(partner_name="Kiel"), make_user(email="f@example.org")
    _follow(user, link)
    now = datetime.now(UTC)
    queued = _decision_mail(app, link, now)
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nothing listens: connection refused
    mailbox.clear()
    with app.test_request_context():
        jobs.send_now([queued.id], lease_seconds=60)
        db.session.expire_all()
        held = db.session.get(Mail, queued.id)
        assert (held.status, held.failures, held.sends) == ("queued", 1, 1)
        assert held.next_attempt_at > now  # backoff: not due again at once
        app.config["MAIL_PORT"] = working_port
        later = held.next_attempt_at + timedelta(seconds=1)
        monkeypatch.setattr(clock, "now", lambda: later)  # the injected clock: backoff passed
        jobs.sweep(later)
        jobs.sweep(later)  # sent: nothing more to send
    [message] = mailbox.to("f@example.org")
    db.session.expire_all()
    sent = db.session.get(Mail, queued.id)
    assert sent.status == "sent" and sent.sends == 2
    assert message["Message-ID"] == jobs.messages.mail.message_id(queued.id) or \
        message["Message-ID"].startswith(f"<{queued.id}.")
    outcomes = list(db.session.scalars(sa.select(MailAttempt.outcome).where(
        MailAttempt.mail_id == queued.id).order_by(MailAttempt.id)))
    assert outcomes == ["taken", "retry", "taken", "sent"]
    assert message["Subject"] == "Consultation open: Suspend the link with Kiel"
    assert "the twin link with Kiel" in text_of(message)


def test_a_permanent_refusal_is_recorded_and_not_tried_again(app, mailbox):
    link, user = make_link(partner_name="Kiel"), make_user(email="f@example.org")
    _follow(user, link)
    queued = _decision_mail(app, link, datetime.now(UTC))
    mailbox.refuse("f@example.org")
    try:
        with app.test_request_context():
            jobs.send_now([queued.id], lease_seconds=60)
    finally:
        mailbox.refuse(None)
    db.session.expire_all()
    failed = db.session.get(Mail, queued.id)
    assert failed.status == "failed" and "550" in failed.last_error


def test_daily_digests_gather_everything_since_the_last_one_and_nothing_when_quiet(
        app, mailbox, monkeypatch):
    from consult import clock

    link, user = make_link(partner_name="Kiel"), make_user(email="d@example.org")
    _follow(user, link, frequency=rules.DAILY)
    monday_morning = datetime(2030, 1, 7, 6, 0, tzinfo=UTC)  # before 07:00 London
    moment = [monday_morning]
    monkeypatch.setattr(clock, "now", lambda: moment[0])  # the injected clock

    def at(when):
        moment[0] = when
        with app.test_request_context():
            jobs.run_clock()

    for key, hours in (("test:a", 0), ("test:b", 0.5)):
        moment[0] = monday_morning + timedelta(hours=hours)
        _event(link_id=link.id, key=key, fail=False)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DigestItem)) == 2
    mailbox.clear()
    at(monday_morning + timedelta(minutes=50))  # 06:50: not yet
    assert mailbox.messages == []
    at(monday_morning + timedelta(hours=1, minutes=1))  # 07:01
    at(monday_morning + timedelta(hours=2))  # the same round: nothing more
    [digest] = mailbox.to("d@example.org")
    assert digest["Subject"].startswith("2 updates")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mailbox.clear()
    at(monday_morning + timedelta(days=1, hours=1, minutes=1))  # a quiet day
    assert mailbox.messages == []


def test_healthz_says_when_mail_has_waited_too_long(app, client, monkeypatch):
    from consult import clock

    link, user = make_link(partner_name="Kiel"), make_user(email="f@example.org")
    _follow(user, link)
    queued = _decision_mail(app, link, datetime.now(UTC))
    assert client.get("/healthz").get_json()["task_queue"]["status"] == "ok"
    monkeypatch.setattr(clock, "now", lambda: queued.next_attempt_at + timedelta(minutes=20))
    queue = client.get("/healthz").get_json()["task_queue"]
    assert queue["status"] == "degraded" and queue["mail_waiting_minutes"] == 20
    assert "worker" in queue["detail"]


def test_a_password_reset_request_does_the_same_work_whether_or_not_the_account_exists(
        app, client, mailbox):
    from tests.conftest import submit

    make_user(email="known@example.org")
    handed = []

    def watch(sender, work):
        handed.append([name for name, _ in work])

    outbox.committed.connect(watch)
    try:
        for address in ("known@example.org", "nobody@example.org"):
            handed.clear()
            response = submit(client, "/forgot-password", {"email": address})
            assert response.status_code == 302
            # the page hands one task to the queue, and nothing else, either way; the worker
            # looks the address up (and here, inline, mails the known one)
            assert handed[-1] == ["password_reset"]  # (inline, the worker's mail came first)
    finally:
        outbox.committed.disconnect(watch)
    assert [m["To"] for m in mailbox.messages] == ["known@example.org"]


def test_a_weekly_digest_gathers_the_week_and_goes_on_monday_morning(app, mailbox, monkeypatch):
    from consult import clock

    link, user = make_link(partner_name="Kiel"), make_user(email="w@example.org")
    _follow(user, link, frequency=rules.WEEKLY)
    tuesday = datetime(2030, 1, 8, 12, 0, tzinfo=UTC)
    moment = [tuesday]
    monkeypatch.setattr(clock, "now", lambda: moment[0])

    def at(when):
        moment[0] = when
        with app.test_request_context():
            jobs.run_clock()

    for key, days in (("test:w1", 0), ("test:w2", 2), ("test:w3", 4)):  # Tue, Thu, Sat
        moment[0] = tuesday + timedelta(days=days)
        _event(link_id=link.id, key=key, fail=False)
    mailbox.clear()
    at(tuesday + timedelta(days=1, hours=-4))  # Wednesday 08:00: a daily round, not weekly
    at(tuesday + timedelta(days=5, hours=-4, minutes=-1))  # Sunday 07:59
    assert mailbox.messages == []
    at(tuesday + timedelta(days=6, hours=-5, minutes=1))  # Monday 07:01
    [digest] = mailbox.to("w@example.org")
    assert digest["Subject"].startswith("3 updates")
    mailbox.clear()
    at(tuesday + timedelta(days=13, hours=-5, minutes=1))  # the next Monday: a quiet week
    assert mailbox.messages == []
