"""/account/notifications, changing how often from a mail's link, the officers' work digest,
and follows as personal data: shown in your data, gone with the account, kept no longer than
needed."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from consult.domain import notifications as rules
from consult.models import Mail, Subscription, User, db
from consult.services import mail_delivery, personal_data, retention
from tests.conftest import client_of, submit
from tests.factories import PASSWORD, make_link, make_user


def follows_of(email: str) -> list[Subscription]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Subscription).where(Subscription.email == email)))


def test_a_verified_resident_follows_at_once_and_manages_it_from_settings(app):
    make_link(partner_name="Kiel")
    resident = client_of(app, make_user(email="r@example.org"))
    assert resident.get("/links/kiel/follow").status_code == 200
    response = submit(resident, "/links/kiel/follow", {})
    assert response.status_code == 302 and response.location.endswith("/links/kiel")
    [follow] = follows_of("r@example.org")
    assert follow.confirmed_at is not None and follow.frequency == rules.IMMEDIATE
    page = resident.get("/account/notifications").get_data(as_text=True)
    assert "the twin link with Kiel" in page
    submit(resident, "/account/notifications", {f"frequency-{follow.id}": "weekly"})
    assert follows_of("r@example.org")[0].frequency == rules.WEEKLY
    submit(resident, "/account/notifications", {f"frequency-{follow.id}": "weekly",
                                                f"stop-{follow.id}": "yes"})
    assert follows_of("r@example.org") == []


def test_a_choice_that_is_not_offered_is_an_error_and_saves_nothing(app):
    make_link(partner_name="Kiel")
    resident = client_of(app, make_user(email="r@example.org"))
    submit(resident, "/links/kiel/follow", {})
    [follow] = follows_of("r@example.org")
    response = submit(resident, "/account/notifications", {f"frequency-{follow.id}": "hourly",
                                                          f"stop-{follow.id}": "yes"})
    assert response.status_code == 200
    assert "Choose how often you want emails" in response.get_data(as_text=True)
    assert follows_of("r@example.org")[0].frequency == rules.IMMEDIATE


def test_following_everything_by_email_defaults_to_a_weekly_digest(app, client, mailbox):
    assert "a weekly digest" in client.get("/consultations").get_data(as_text=True)
    submit(client, "/consultations/follow", {"email": "all@example.org"})
    [follow] = follows_of("all@example.org")
    assert follow.frequency == rules.WEEKLY and follow.confirmed_at is None


def test_a_bad_address_is_refused_with_a_clear_error(app, client):
    make_link(partner_name="Kiel")
    response = submit(client, "/links/kiel/follow", {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in response.get_data(as_text=True)
    assert follows_of("not an address") == []


def test_officers_get_a_daily_work_digest_and_can_turn_it_off(app, mailbox, monkeypatch):
    from consult import clock

    officer = make_user(role="officer", email="o@example.org")
    make_user(role="resident", email="resident@example.org")
    now = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)  # 08:00 London: the day's round is due
    monkeypatch.setattr(clock, "now", lambda: now)  # the injected clock
    assert mail_delivery.work_digests(now=now) == 0  # nothing waiting: no mail
    from tests.factories import make_proposal

    make_proposal(status="closed", now=now)  # closed without published feedback
    mailbox.clear()
    assert mail_delivery.work_digests(now=now) == 1
    assert mail_delivery.work_digests(now=now) == 0  # once a day
    [digest] = mailbox.to("o@example.org")
    assert "Closed consultations without a published response: 1" in digest.get_body(
        preferencelist=("plain",)).get_content()
    unsubscribe = urlsplit(digest["List-Unsubscribe"].strip().strip("<>")).path
    assert app.test_client().post(unsubscribe).status_code == 200
    db.session.expire_all()
    assert db.session.get(User, officer.id).work_digest is False
    assert mail_delivery.work_digests(now=now + timedelta(days=1)) == 0


def test_follows_and_mails_are_in_your_data_and_go_with_the_account(app, mailbox):
    make_link(partner_name="Kiel")
    user = make_user(email="r@example.org")
    resident = client_of(app, user)
    submit(resident, "/links/kiel/follow", {})
    submit(app.test_client(), "/consultations/follow", {"email": "R@example.org"})
    data = resident.get("/account/your-data.json").get_json()
    assert [f["target_key"] for f in data["follows"]] == ["link:1", "all"] or \
        {f["target_key"] for f in data["follows"]} == {"link:1", "all"}
    assert "secret" not in data["follows"][0]
    personal_data.erase_account(user_id=user.id, password=PASSWORD)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Subscription)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Mail).where(
        Mail.email.ilike("r@example.org"))) == 0


def test_retention_removes_old_delivery_records_and_keeps_queued_mail(app, mailbox):
    make_user(email="r@example.org")  # its confirmation-free account: no mail
    submit(app.test_client(), "/consultations/follow", {"email": "x@example.org"})
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Mail)) == 1
    retention.run(now=datetime.now(UTC) + timedelta(days=91), months=12, mail_days=90)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Mail)) == 0
