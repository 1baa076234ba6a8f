"""Atom feeds: new consultations, those closing soon, each link's history, and decisions."""

from datetime import UTC, datetime, time, timedelta

from flask import Response, current_app

from .. import clock
from ..domain import decisions as decision_rules
from ..domain import partial_dates, proposals, twinning
from ..navigation import external_url
from ..public.loaders import load_link
from ..queries import decision_queries, follow_up_queries, open_data
from ..templating import london_time
from . import LICENCE, atom, bp


def feed_response(feed: atom.Feed) -> Response:
    return Response(atom.render(feed), content_type="application/atom+xml; charset=utf-8")


# The audit log's signed head rides on the decisions feed, so copies exist outside the service.
AUDIT_NS = "urn:consult:audit:signed-head:1"


def signed_head_extension() -> atom.Extension:
    signed = open_data.audit_head().signed()
    return atom.Extension("audit", AUDIT_NS, "signed-head",
                          {name: str(value) for name, value in signed.items()})


def _feed(endpoint: str, html_endpoint: str, title: str, subtitle: str, entries, now,
          extensions: tuple[atom.Extension, ...] = (), **values) -> atom.Feed:
    council = current_app.config["CONSULT_COUNCIL_NAME"]
    updated = max((entry.updated for entry in entries), default=None)
    return atom.Feed(
        id=external_url(endpoint, **values), title=f"{title} – {council}", subtitle=subtitle,
        self_url=external_url(endpoint, **values),
        html_url=external_url(html_endpoint, **values), author=council,
        updated=updated or open_data.last_modified(now),
        rights=f"Reuse under the {LICENCE}.", entries=entries, extensions=extensions)


def _window(proposal) -> str:
    if proposal.opens_at is None or proposal.closes_at is None:
        return ""
    return f" Open from {london_time(proposal.opens_at)} to {london_time(proposal.closes_at)}."


def consultation_entry(proposal, now: datetime, *, updated: datetime | None = None,
                       title: str | None = None) -> atom.Entry:
    url = external_url("public.consultation", proposal_id=proposal.id)
    return atom.Entry(
        id=url, title=title or proposal.title, url=url, updated=updated or proposal.updated_at,
        published=proposal.opens_at, summary=proposal.summary + _window(proposal),
        categories=(open_data.public_status(proposal, now), proposal.action,
                    proposal.link.slug))


@bp.get("/consultations/feed.atom")
def consultations_feed():
    now = clock.now()
    entries = [consultation_entry(p, now) for p in open_data.newest_consultations(now)]
    return feed_response(_feed("opendata.consultations_feed", "public.consultations_index",
                               "Consultations", "Consultations, newest first.", entries, now))


@bp.get("/consultations/closing-soon.atom")
def closing_soon_feed():
    """An entry appears when a consultation has a fortnight or less to run."""
    now = clock.now()
    entries = []
    for proposal in open_data.closing_soon(now):
        became_due = proposal.closes_at - open_data.CLOSING_SOON
        left = proposals.days_left(proposal.window, now)
        entries.append(consultation_entry(
            proposal, now, updated=max(proposal.updated_at, became_due),
            title=f"Closes {london_time(proposal.closes_at)} ({left} days left): "
                  f"{proposal.title}"))
    return feed_response(_feed("opendata.closing_soon_feed", "public.consultations_index",
                               "Consultations closing soon",
                               "Open consultations with a fortnight or less to run.",
                               entries, now))


@bp.get("/links/<slug>/feed.atom")
def link_feed(slug: str):
    link, now = load_link(slug), clock.now()
    entries = []
    for event in reversed(open_data.history(link)):
        url = external_url("public.link_detail", slug=link.slug, _anchor=f"event-{event.id}")
        entries.append(atom.Entry(
            id=url, url=url, updated=event.recorded_at, summary=event.summary,
            title=f"{partial_dates.display(event.occurred_on)}: "
                  f"{twinning.EVENT_KINDS.get(event.kind, event.kind)}",
            categories=(event.kind,)))
    return feed_response(_feed("opendata.link_feed", "public.link_detail",
                               f"Twin link with {link.partner_name}",
                               "The link's history, newest entry first.", entries, now,
                               slug=link.slug))


def _updated(recorded_at: datetime, overdue_since) -> datetime:
    """An entry changes when its retrospective consultation falls overdue (the day after the
    promised date begins), so feed readers show it again."""
    if overdue_since is None:
        return recorded_at
    fell_due = datetime.combine(overdue_since + timedelta(days=1), time(), tzinfo=UTC)
    return max(recorded_at, fell_due)


@bp.get("/decisions/feed.atom")
def decisions_feed():
    """Every decision record, newest decided first: corrections appear as records too."""
    now, entries = clock.now(), []
    for decision in decision_queries.public_list(decision_queries.Filters())[:50]:
        url = external_url("public.decision", decision_id=decision.id)
        outcome = decision_rules.OUTCOMES.get(decision.outcome, decision.outcome)
        said = f"{outcome} by {decision.body_label} on {decision.decided_on.isoformat()}."
        consulted = "after public consultation" if decision.consulted else \
            "without public consultation"
        since = follow_up_queries.overdue_since(decision, now)
        overdue = f" Retrospective consultation overdue since {since.isoformat()}." \
            if since else ""
        entries.append(atom.Entry(
            id=url, url=url, updated=_updated(decision.recorded_at, since),
            title=decision.title,
            summary=f"{said} Decided {consulted}.{overdue} {decision.summary}",
            categories=(decision.outcome, decision.link.slug,
                        *(("retrospective-overdue",) if since else ()))))
    return feed_response(_feed("opendata.decisions_feed", "public.decisions_index",
                               "Decisions on twin links", "Decision records, newest first.",
                               entries, now, extensions=(signed_head_extension(),)))
