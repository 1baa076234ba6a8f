"""Following by email alone, double opt-in, events reaching exactly the right people, one-click
unsubscribe (RFC 8058) without a session, and a GET that changes nothing. Real SMTP (aiosmtpd),
Huey in immediate mode."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from consult.models import Mail, Notification, Subscription, db
from consult.services import consultation_history
from tests.conftest import client_of, submit
from tests.factories import make_link, make_open_proposal, make_proposal, make_user, respond
from tests.integration.decision_data import publish_feedback, record, unconsulted
from tests.smtp import html_of, text_of

LINK = re.compile(r"http://localhost(/[^\s]+)")


def links_in(message) -> list[str]:
    return LINK.findall(text_of(message))


def follow_by_email(client, mailbox, address: str, slug: str = "kiel") -> None:
    response = submit(client, f"/links/{slug}/follow", {"email": address})
    assert response.status_code == 302 and "/follow/check-your-email" in response.location
    [confirm] = [path for path in links_in(mailbox.to(address)[-1])
                 if path.startswith("/follow/confirm/")]
    assert db_count(Subscription, Subscription.confirmed_at.is_(None)) >= 1
    assert client.get(confirm).status_code == 200  # a GET shows the button, changes nothing
    assert submit(client, confirm, {}).status_code == 302


def db_count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def open_consultation(link, now=None):
    """A consultation on the link that opened a day ago; the clock records it (and notifies)."""
    proposal = make_open_proposal(link=link, now=now)
    consultation_history.settle_all()
    return proposal


def test_following_by_email_needs_a_yes_from_the_mailbox(app, client, mailbox):
    link = make_link(partner_name="Kiel")
    submit(client, "/links/kiel/follow", {"email": "visitor@example.org"})
    open_consultation(link)
    assert mailbox.to("visitor@example.org")[-1]["Subject"].startswith("Confirm") or \
        "Confirm" in text_of(mailbox.to("visitor@example.org")[-1])
    assert not [m for m in mailbox.to("visitor@example.org")
                if m["Subject"].startswith("Consultation open")]


def test_a_confirmed_follower_hears_a_consultation_open_with_one_click_unsubscribe(
        app, client, mailbox):
    link = make_link(partner_name="Kiel")
    follow_by_email(client, mailbox, "visitor@example.org")
    proposal = open_consultation(link)
    [opened] = [m for m in mailbox.to("visitor@example.org")
                if m["Subject"] == f"Consultation open: {proposal.title}"]
    assert opened["From"] == '"Coventry City Council" <consult@localhost>' or \
        opened["From"].startswith("Coventry City Council")
    assert opened["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/consultations/{proposal.id}" in text_of(opened)
    assert "<img" not in html_of(opened) and "lang=\"en-GB\"" in html_of(opened)
    unsubscribe = urlsplit(opened["List-Unsubscribe"].strip().strip("<>")).path
    fresh = app.test_client()  # no session, no CSRF token: a mail program's one click
    assert fresh.get(unsubscribe).status_code == 200
    assert db_count(Subscription) == 1  # the GET changed nothing
    response = fresh.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You have unsubscribed" in response.get_data(
        as_text=True)
    assert db_count(Subscription) == 0
    assert fresh.post(unsubscribe, data={"List-Unsubscribe": "One-Click"}).status_code == 200


def test_a_forged_unsubscribe_link_changes_nothing(app, client, mailbox):
    make_link(partner_name="Kiel")
    follow_by_email(client, mailbox, "visitor@example.org")
    assert app.test_client().post("/unsubscribe/forged.token").status_code == 404
    assert db_count(Subscription) == 1


def test_each_event_reaches_exactly_the_right_people(app, client, mailbox):
    link, other = make_link(partner_name="Kiel"), make_link(partner_name="Dresden")
    follow_by_email(client, mailbox, "kiel-fan@example.org")
    follow_by_email(client, mailbox, "dresden-fan@example.org", slug="dresden")
    submit(client, "/links/kiel/follow", {"email": "never-confirmed@example.org"})
    everything = make_user(email="everything@example.org")
    submit(client_of(app, everything), "/consultations/follow", {})
    mailbox.clear()
    proposal = open_consultation(link)
    got = {m["To"] for m in mailbox.messages}
    assert got == {"kiel-fan@example.org"}  # the site-wide follower waits for the weekly digest
    assert db_count(Subscription, Subscription.identity.is_not(None)) == 4
    del other, proposal


def test_respondents_hear_the_feedback_and_decision_twin_city_residents_too(app, officer,
                                                                            mailbox):
    from consult.domain import voting
    from consult.services import responses

    now = datetime.now(UTC)
    proposal = make_proposal(link=make_link(partner_name="Kiel"), status="closed",
                             options=["Suspend", "Keep"], results_visibility="shown", now=now)
    during = proposal.opens_at + timedelta(days=1)
    respond(proposal, make_user(email="local@example.org"), now=during)
    respond(proposal, make_user(email="twin@example.de"), now=during, choose=1,
            respondent_type=voting.TWIN_CITY)
    quiet = make_user(email="quiet@example.org")
    responses.respond(proposal_id=proposal.id, respondent_id=quiet.id, now=during,
                      choice=voting.Choice(proposal.options[0].id, voting.LOCAL),
                      hear_outcome=False)
    consultation_history.settle_all()
    closed = {m["To"] for m in mailbox.messages
              if m["Subject"] == f"Consultation closed: {proposal.title}"}
    assert closed == {"local@example.org", "twin@example.de"}
    assert "3 responses" in text_of(mailbox.to("local@example.org")[-1])  # results are shown
    mailbox.clear()
    assert publish_feedback(officer, proposal).status_code == 302
    assert record(officer, proposal).status_code == 302
    subjects = sorted((m["To"], m["Subject"].split(":")[0]) for m in mailbox.messages)
    assert subjects == [("local@example.org", "Decision recorded"),
                        ("local@example.org", "The council's response to the consultation"),
                        ("twin@example.de", "Decision recorded"),
                        ("twin@example.de", "The council's response to the consultation")]


def test_a_decision_without_consultation_is_said_as_such_to_the_links_followers(
        app, client, officer, mailbox):
    make_link(partner_name="Kiel")
    follow_by_email(client, mailbox, "kiel-fan@example.org")
    mailbox.clear()
    assert submit(officer, "/officer/links/kiel/decisions/new", unconsulted()).status_code == 302
    [message] = mailbox.messages
    assert message["To"] == "kiel-fan@example.org"
    assert message["Subject"].startswith("Decision taken without consultation")
    assert "Urgent resolution." in text_of(message)


def test_reminders_skip_people_who_already_responded(app, client, mailbox):
    from consult.services import mail_delivery

    link = make_link(partner_name="Kiel")
    follow_by_email(client, mailbox, "waiting@example.org")
    responder = make_user(email="responded@example.org")
    follow_by_email(client, mailbox, "responded@example.org")
    now = datetime.now(UTC)
    proposal = make_proposal(link=link, status="open", options=["Yes", "No"],
                             opens_at=now - timedelta(days=30),
                             closes_at=now + timedelta(days=6), now=now)
    respond(proposal, responder, now=now)
    mailbox.clear()
    assert mail_delivery.record_reminders() == 1  # 7 days: due; tomorrow: not yet
    assert [m["To"] for m in mailbox.messages] == ["waiting@example.org"]
    assert mailbox.messages[0]["Subject"] == f"7 days left to respond: {proposal.title}"
    assert mail_delivery.record_reminders() == 0  # once only


def test_someone_who_unsubscribed_after_the_event_was_queued_gets_nothing(app, client,
                                                                           mailbox):
    from consult.tasks import jobs

    link = make_link(partner_name="Kiel")
    follow_by_email(client, mailbox, "late@example.org")
    # the event is recorded and fanned out, but the mail is not yet sent (as if the worker
    # were busy): the follow stops, then the mail is due
    from consult.services import mail_delivery

    proposal = make_open_proposal(link=link)
    from consult.infrastructure import outbox

    outbox.committed.disconnect(jobs._hand_over)
    try:
        consultation_history.settle_all()
        notification = db.session.scalars(sa.select(Notification)).one()
        mail_delivery.fan_out_batch(notification_id=notification.id, limit=100)
    finally:
        outbox.committed.connect(jobs._hand_over)
    db.session.execute(sa.delete(Subscription))
    db.session.commit()
    mailbox.clear()
    with app.test_request_context():
        jobs.send_now([m.id for m in db.session.scalars(sa.select(Mail))], 60)
    assert mailbox.messages == []
    db.session.expire_all()
    events = db.session.scalars(sa.select(Mail).where(Mail.kind == "event")).all()
    assert [m.status for m in events] == ["cancelled"]
    del proposal


def test_a_deleted_account_hears_nothing_more(app, mailbox):
    from consult.services import personal_data
    from tests.factories import PASSWORD

    link = make_link(partner_name="Kiel")
    user = make_user(email="gone@example.org")
    submit(client_of(app, user), "/links/kiel/follow", {})
    personal_data.erase_account(user_id=user.id, password=PASSWORD)
    mailbox.clear()
    open_consultation(link)
    assert mailbox.messages == []


def test_how_often_can_be_changed_from_a_mail_without_signing_in(app, client, mailbox):
    link = make_link(partner_name="Kiel")
    follow_by_email(client, mailbox, "visitor@example.org")
    open_consultation(link)
    opened = mailbox.to("visitor@example.org")[-1]
    [manage] = re.findall(r"https?://[^/\s]+(/notifications/\S+)", text_of(opened))
    fresh = app.test_client()
    assert "How often to email you" in fresh.get(manage).get_data(as_text=True)
    [follow] = db.session.scalars(sa.select(Subscription)).all()
    response = submit(fresh, manage, {f"frequency-{follow.id}": "daily"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Subscription, follow.id).frequency == "daily"
