"""What each queued mail says, read from the database when it is sent: an event, a digest of
events, an officer's work waiting, or account mail. None when nobody wants it any more (the
follow stopped after the event was queued, or an officer turned their digest off).

Words are translated when a mail is composed, into the language active then (the recipient's):
subjects and lines here with gettext, the rest in templates/mail."""

from email.message import Message

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from .. import clock, i18n
from ..domain import notifications as rules
from ..domain.i18n import N_
from ..infrastructure import mail, tokens
from ..models import DigestItem, Mail, Subscription, User, db
from ..queries import notification_queries, results
from ..templating import london_time

SUBJECTS = {
    rules.OPENED: N_("Consultation open: %(title)s"),
    rules.CLOSES_IN_7_DAYS: N_("7 days left to respond: %(title)s"),
    rules.CLOSES_TOMORROW: N_("Last day to respond: %(title)s"),
    rules.CLOSED: N_("Consultation closed: %(title)s"),
    rules.FEEDBACK: N_("The council's response to the consultation: %(title)s"),
    rules.DECIDED: N_("Decision recorded: %(title)s"),
    rules.DECIDED_UNCONSULTED: N_("Decision taken without consultation: %(title)s"),
}


def _external(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def event(notification_id: int) -> dict | None:
    """The subject, lines and link of one event, as plain data for the templates, in the
    language active now."""
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
    return {"kind": kind, "title": title, "subject": _(SUBJECTS[kind], title=title),
            "lines": lines, "url": url, "link_name": link.partner_name if link else ""}


def _lines(kind, proposal, decision, link) -> list[str]:
    """The event's sentences; each is written whole twice, for a known twin link and for none,
    so that translators see complete sentences."""

    def about(with_link: str, without: str, **values) -> str:
        if link:
            return _(with_link, partner=link.partner_name, **values)
        return _(without, **values)

    if kind == rules.OPENED:
        return [about(N_("The council has opened a consultation about the twin link with "
                         "%(partner)s."),
                      N_("The council has opened a consultation about a twin link.")),
                _("It closes on %(day)s. Read the proposal and respond.",
                  day=_day(proposal.closes_at))]
    if kind == rules.CLOSES_TOMORROW:
        return [about(N_("This consultation about the twin link with %(partner)s closes "
                         "tomorrow, on %(day)s."),
                      N_("This consultation about a twin link closes tomorrow, on %(day)s."),
                      day=_day(proposal.closes_at)), _("You have not responded yet.")]
    if kind == rules.CLOSES_IN_7_DAYS:
        return [about(N_("This consultation about the twin link with %(partner)s closes in 7 "
                         "days, on %(day)s."),
                      N_("This consultation about a twin link closes in 7 days, on %(day)s."),
                      day=_day(proposal.closes_at)), _("You have not responded yet.")]
    if kind == rules.CLOSED:
        lines = [about(N_("The consultation about the twin link with %(partner)s has closed."),
                       N_("The consultation about a twin link has closed."))]
        if results.visible(proposal, clock.now()):
            lines.append(results.shown_summary_line(results.tally(proposal)))
        return lines
    if kind == rules.FEEDBACK:
        return [about(N_("The council has published what it heard in the consultation about "
                         "the twin link with %(partner)s and what it will do (\"you said, we "
                         "did\")."),
                      N_("The council has published what it heard in the consultation about a "
                         "twin link and what it will do (\"you said, we did\")."))]
    if kind == rules.DECIDED:
        return [about(N_("The council has recorded a decision about the twin link with "
                         "%(partner)s."),
                      N_("The council has recorded a decision about a twin link.")),
                decision.summary]
    return [about(N_("The council has recorded a decision about the twin link with %(partner)s "
                     "that was taken without consulting the public first."),
                  N_("The council has recorded a decision about a twin link that was taken "
                     "without consulting the public first.")),
            decision.summary,
            _("The reason it gave: %(reason)s", reason=decision.no_consultation_reason)]


def _day(moment) -> str:
    """A closing day as pages show it: the London day, in the reader's language."""
    return london_time(moment, with_time=False)


def _unsubscribe(follows: list[Subscription], work=None) -> str:
    token = tokens.follows_token([(row.id, row.secret) for row in follows], work)
    return _external("public.unsubscribe", token=token)


def _manage(follows: list[Subscription], work=None) -> str:
    token = tokens.follows_token([(row.id, row.secret) for row in follows], work)
    return _external("public.manage_follows", token=token)


class Batch:
    """The mails of one batch with what they need, read once: the mails and their follows in
    one query each, and each event's words once per language however many people it goes
    to."""

    def __init__(self, mail_ids: list[int]):
        self.mails = {row.id: row for row in db.session.scalars(
            sa.select(Mail).where(Mail.id.in_(mail_ids)))}
        follow_ids = {row.subscription_id for row in self.mails.values() if row.subscription_id}
        self.follows = {row.id: row for row in db.session.scalars(
            sa.select(Subscription).where(Subscription.id.in_(follow_ids)))}
        self.events: dict[tuple[int, str], dict | None] = {}
        user_ids = {row.user_id for row in self.mails.values() if row.user_id} | {
            row.user_id for row in self.follows.values() if row.user_id}
        self.languages = dict(db.session.execute(
            sa.select(User.id, User.language).where(User.id.in_(user_ids))).all())

    def language_of(self, row: Mail) -> str:
        """The recipient's language: their account's choice, else the one they followed or
        asked in, else English."""
        follow = self.follows.get(row.subscription_id) if row.subscription_id else None
        user_id = row.user_id or (follow.user_id if follow is not None else None)
        followed_in = follow.language if follow is not None else None
        if row.kind == "digest" and follow is None:  # a digest: its follows' language
            followed_in = db.session.scalar(
                sa.select(Subscription.language).join(
                    DigestItem, DigestItem.subscription_id == Subscription.id)
                .where(DigestItem.mail_id == row.id).limit(1))
        return i18n.language_of(self.languages.get(user_id), followed_in,
                                (row.context or {}).get("language"))

    def event(self, notification_id: int) -> dict | None:
        """The event's words in the language active now (each mail is composed in its
        recipient's)."""
        key = (notification_id, str(get_locale()))
        if key not in self.events:
            self.events[key] = event(notification_id)
        return self.events[key]

    def message_for(self, mail_id: int) -> Message | None:
        row = self.mails.get(mail_id)
        if row is None:
            return None
        with i18n.speaking(self.language_of(row)):
            return self._message(row)

    def _message(self, row: Mail) -> Message | None:
        if row.kind == "event":
            return self._event_mail(row)
        build = {"digest": _digest_mail, "work": _work_mail}.get(row.kind)
        if build is None:  # account and confirmation mail: the context was written with the row
            # its subject was stored as an English message id, translated now
            return mail.compose(mail_id=row.id, to=row.email, subject=_(row.context["subject"]),
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
    """What the follow is of, for the footer's sentence (templates/mail/_follow_footer.*)."""
    if follow.target_key == rules.ALL:
        return "all"
    if follow.link_id:
        return "link"
    return "outcome"


def _digest_mail(row: Mail, batch: Batch) -> Message | None:
    items = db.session.scalars(sa.select(DigestItem).where(DigestItem.mail_id == row.id)
                               .order_by(DigestItem.notification_id)).all()
    events = [said for said in (batch.event(item.notification_id) for item in items) if said]
    if not events:
        return None
    follows = list({item.subscription_id: db.session.get(Subscription, item.subscription_id)
                    for item in items}.values())
    frequency = row.context["frequency"]
    return mail.compose(mail_id=row.id, to=row.email, template="digest",
                        subject=_digest_subject(len(events), frequency, row.context["round"]),
                        context={"events": events, "manage_url": _manage(follows),
                                 "frequency": frequency},
                        unsubscribe_url=_unsubscribe(follows))


def _digest_subject(count: int, frequency: str, round_label: str) -> str:
    """'2 updates on twinning consultations (2030-01-07)', or '(week of 2030-01-07)' weekly (a
    weekly round's label is 'week of ' and its Monday: domain/notifications.digest_window)."""
    # TRANSLATORS: %(day)s is a date written 2030-01-07 (a weekly round's is its Monday)
    if frequency == rules.WEEKLY:
        return ngettext("%(num)d update on twinning consultations (week of %(day)s)",
                        "%(num)d updates on twinning consultations (week of %(day)s)", count,
                        day=round_label.removeprefix("week of "))
    return ngettext("%(num)d update on twinning consultations (%(day)s)",
                    "%(num)d updates on twinning consultations (%(day)s)", count,
                    day=round_label)


def _work_mail(row: Mail, batch: Batch) -> Message | None:
    officer = db.session.get(User, row.user_id) if row.user_id else None
    if officer is None or not officer.work_digest:
        return None
    work = tuple(row.context["work"])
    return mail.compose(mail_id=row.id, to=row.email,
                        subject=_("Work waiting in %(service)s (%(day)s)",
                                  service=current_app.config["CONSULT_SERVICE_NAME"],
                                  day=row.context["round"]),
                        template="work_digest",
                        context={"waiting": row.context["waiting"],
                                 "overdue": row.context.get("overdue", []),
                                 "dashboard_url": _external("officer.dashboard")},
                        unsubscribe_url=_unsubscribe([], work))
