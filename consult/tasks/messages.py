"""What each queued mail says, read from the database when it is sent: an event, a digest of
events, an officer's work waiting, or account mail. None when nobody wants it any more (the
follow stopped after the event was queued, or an officer turned their digest off)."""

from email.message import Message

import sqlalchemy as sa
from flask import current_app, url_for

from .. import clock
from ..domain import notifications as rules
from ..domain.days import show_day
from ..infrastructure import mail, tokens
from ..models import DigestItem, Mail, Subscription, User, db
from ..queries import notification_queries, results

SUBJECTS = {
    rules.OPENED: "Consultation open: {title}",
    rules.CLOSES_IN_7_DAYS: "7 days left to respond: {title}",
    rules.CLOSES_TOMORROW: "Last day to respond: {title}",
    rules.CLOSED: "Consultation closed: {title}",
    rules.FEEDBACK: "The council's response to the consultation: {title}",
    rules.DECIDED: "Decision recorded: {title}",
    rules.DECIDED_UNCONSULTED: "Decision taken without consultation: {title}",
}


def _external(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def event(notification_id: int) -> dict | None:
    """The subject, lines and link of one event, as plain data for the templates."""
    facts = notification_queries.event_facts(notification_id)
    if facts is None:
        return None
    kind, proposal, link, decision = (facts.notification.kind, facts.proposal, facts.link,
                                      facts.decision)
    if decision is not None:
        title, url = decision.title, _external("public.decision", decision_id=decision.id)
    else:
        title, url = proposal.title, _external("public.consultation", proposal_id=proposal.id)
    lines = _lines(kind, proposal, decision, link)
    return {"kind": kind, "title": title, "subject": SUBJECTS[kind].format(title=title),
            "lines": lines, "url": url, "link_name": link.partner_name if link else ""}


def _lines(kind, proposal, decision, link) -> list[str]:
    about = f"the twin link with {link.partner_name}" if link else "a twin link"
    if kind == rules.OPENED:
        return [f"The council has opened a consultation about {about}.",
                f"It closes on {show_day(proposal.closes_at)}. Read the proposal and respond."]
    if kind in rules.REMINDERS:
        when = "tomorrow" if kind == rules.CLOSES_TOMORROW else "in 7 days"
        return [f"This consultation about {about} closes {when}, on "
                f"{show_day(proposal.closes_at)}.", "You have not responded yet."]
    if kind == rules.CLOSED:
        lines = [f"The consultation about {about} has closed."]
        if results.visible(proposal, clock.now()):
            lines.append(results.summary_line(results.tally(proposal)))
        return lines
    if kind == rules.FEEDBACK:
        return [f"The council has published what it heard in the consultation about {about} "
                "and what it will do (\"you said, we did\")."]
    if kind == rules.DECIDED:
        return [f"The council has recorded a decision about {about}.", decision.summary]
    return [f"The council has recorded a decision about {about} that was taken without "
            "consulting the public first.", decision.summary,
            f"The reason it gave: {decision.no_consultation_reason}"]


def _unsubscribe(follows: list[Subscription], work=None) -> str:
    token = tokens.follows_token([(row.id, row.secret) for row in follows], work)
    return _external("public.unsubscribe", token=token)


def _manage(follows: list[Subscription], work=None) -> str:
    token = tokens.follows_token([(row.id, row.secret) for row in follows], work)
    return _external("public.manage_follows", token=token)


class Batch:
    """The mails of one batch with what they need, read once: the mails and their follows in
    one query each, and each event's words once however many people it goes to."""

    def __init__(self, mail_ids: list[int]):
        self.mails = {row.id: row for row in db.session.scalars(
            sa.select(Mail).where(Mail.id.in_(mail_ids)))}
        follow_ids = {row.subscription_id for row in self.mails.values() if row.subscription_id}
        self.follows = {row.id: row for row in db.session.scalars(
            sa.select(Subscription).where(Subscription.id.in_(follow_ids)))}
        self.events: dict[int, dict | None] = {}

    def event(self, notification_id: int) -> dict | None:
        if notification_id not in self.events:
            self.events[notification_id] = event(notification_id)
        return self.events[notification_id]

    def message_for(self, mail_id: int) -> Message | None:
        row = self.mails.get(mail_id)
        if row is None:
            return None
        if row.kind == "event":
            return self._event_mail(row)
        build = {"digest": _digest_mail, "work": _work_mail}.get(row.kind)
        if build is None:  # account and confirmation mail: the context was written with the row
            return mail.compose(mail_id=row.id, to=row.email, subject=row.context["subject"],
                                template=row.template, context=row.context)
        return build(row, self)

    def _event_mail(self, row: Mail) -> Message | None:
        follow = self.follows.get(row.subscription_id) if row.subscription_id else None
        said = self.event(row.notification_id) if follow is not None else None
        if said is None:
            return None
        return mail.compose(mail_id=row.id, to=row.email, subject=said["subject"],
                            template="event", context={"event": said,
                                                       "manage_url": _manage([follow]),
                                                       "following": _following(follow)},
                            unsubscribe_url=_unsubscribe([follow]))


def _following(follow: Subscription) -> str:
    if follow.target_key == rules.ALL:
        return "every consultation"
    if follow.link_id:
        return "this twin link"
    return "the outcome of a consultation you responded to"


def _digest_mail(row: Mail, batch: Batch) -> Message | None:
    items = db.session.scalars(sa.select(DigestItem).where(DigestItem.mail_id == row.id)
                               .order_by(DigestItem.notification_id)).all()
    events = [said for said in (batch.event(item.notification_id) for item in items) if said]
    if not events:
        return None
    follows = list({item.subscription_id: db.session.get(Subscription, item.subscription_id)
                    for item in items}.values())
    label = rules.FREQUENCY_LABELS[row.context["frequency"]].split(",")[0].lower()
    subject = (f"{len(events)} update{'' if len(events) == 1 else 's'} on twinning "
               f"consultations ({row.context['round']})")
    return mail.compose(mail_id=row.id, to=row.email, subject=subject, template="digest",
                        context={"events": events, "manage_url": _manage(follows),
                                 "how_often": label},
                        unsubscribe_url=_unsubscribe(follows))


def _work_mail(row: Mail, batch: Batch) -> Message | None:
    officer = db.session.get(User, row.user_id) if row.user_id else None
    if officer is None or not officer.work_digest:
        return None
    work = tuple(row.context["work"])
    return mail.compose(mail_id=row.id, to=row.email,
                        subject=f"Work waiting in {current_app.config['CONSULT_SERVICE_NAME']} "
                                f"({row.context['round']})",
                        template="work_digest",
                        context={"waiting": row.context["waiting"],
                                 "dashboard_url": _external("officer.dashboard")},
                        unsubscribe_url=_unsubscribe([], work))
