"""Plain factory functions with keyword defaults; they go through the real services."""

import itertools
from datetime import UTC, datetime, timedelta

from consult.services import accounts, links, proposals

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
PASSWORD = "a long enough passphrase"
_counter = itertools.count(1)


def make_user(*, role: str = "resident", email: str | None = None, display_name: str = "",
              verified: bool = True, password: str = PASSWORD):
    number = next(_counter)
    return accounts.create_user(
        email=email or f"person{number}@example.org",
        display_name=display_name or f"Person {number}", password=password, role=role,
        now=NOW, verified=verified, actor="system (tests)")


def make_link(*, partner_name: str = "Kiel", country: str = "Germany", began: str | None = "1947",
              sources: list[str] | None = None, **kwargs):
    details = links.LinkDetails(partner_name=partner_name, country=country, began=began,
                                sources=sources or ["https://example.org/source"], **kwargs)
    return links.create_link(details, home_place="Coventry", actor="system (tests)", now=NOW)


def make_event(link, *, occurred_on: str = "1947", kind: str = "activity",
               summary: str = "A visit.", sources: list[str] | None = None,
               corrects_id: int | None = None):
    details = links.EventDetails(occurred_on=occurred_on, kind=kind, summary=summary,
                                 sources=["https://example.org/e"] if sources is None else sources,
                                 corrects_id=corrects_id)
    return links.append_event(link_id=link.id, details=details, actor="system (tests)", now=NOW)


def make_proposal(*, link=None, status: str = "draft", opens_at: datetime | None = None,
                  closes_at: datetime | None = None, options: list[str] | None = None,
                  results_visibility: str = "hidden", title: str = "Suspend the link",
                  action: str = "suspend", alternatives: list[dict] | None = None,
                  now: datetime | None = None, invited: tuple[str, ...] = ()):
    """A proposal made through the real services.

    status is "draft", "scheduled" (opens after `now`), "open" (opened before `now`),
    "closed" (closed by the clock before `now`) or "withdrawn". Times default around `now`,
    which defaults to the real clock, as the web pages use. `invited` names the kinds of
    group invited before it was published (one invitation each); without the twin city's
    council among them, it is published with a reason why not.
    """
    now = now or datetime.now(UTC)
    default_opens = {"open": now - timedelta(days=1),
                     "closed": now - timedelta(days=43)}.get(status, now + timedelta(days=1))
    opens_at = opens_at or default_opens
    closes_at = closes_at or opens_at + timedelta(days=42)
    draft = proposals.ProposalDraft(
        link_id=(link or make_link(partner_name=f"Partner {next(_counter)}")).id, action=action,
        title=title, summary="The council proposes a change.", reasons="Because.",
        alternatives=alternatives if alternatives is not None else
        [{"title": "Do nothing", "why_not": "It changes nothing."}],
        options=options or [], opens_at=opens_at, closes_at=closes_at,
        results_visibility=results_visibility)
    # Published before it opened, so a past window is accepted as it was at the time.
    published = min(now, opens_at - timedelta(hours=1))
    proposal = proposals.create(draft, actor="system (tests)", now=now)
    for kind in invited:
        make_invitation(proposal, kind=kind, now=min(now, published))
    if status in ("scheduled", "open", "closed"):
        proposals.schedule(proposal_id=proposal.id, actor="system (tests)", now=published,
                           no_twin_council_reason=NO_TWIN_COUNCIL_REASON)
    elif status == "withdrawn":
        proposals.withdraw(proposal_id=proposal.id, reason="No longer needed.",
                           actor="system (tests)", now=now)
    return proposal


NO_TWIN_COUNCIL_REASON = "Not asked in this test."
# A consultation that invited those most affected: it passes the fifth fairness check.
MOST_AFFECTED = ("twin_council", "twinning_association")


def make_invitation(proposal, *, kind: str = "twin_council", name: str = "",
                    channel: str = "email", now: datetime | None = None, invited_on=None):
    """An invitation through the real service, dated the day it is recorded unless told."""
    from consult.domain import days
    from consult.domain import invitations as rules
    from consult.services import invitations

    now = now or datetime.now(UTC)
    draft = rules.InvitationDraft(name=name or f"{kind.replace('_', ' ').title()} {proposal.id}",
                                  kind=kind, channel=channel,
                                  invited_on=invited_on or days.london_day(now))
    return invitations.add(proposal_id=proposal.id, draft=draft, actor="system (tests)",
                           now=now)


def make_open_proposal(**kwargs):
    """An open proposal whose running results are shown: two options unless told."""
    kwargs.setdefault("options", ["Support", "Oppose"])
    kwargs.setdefault("results_visibility", "shown")
    return make_proposal(status="open", **kwargs)


def respond(proposal, person, *, now: datetime, choose: int = 0, **choice):
    """`person` responds through the service, as a local resident unless told, choosing the
    option at position `choose`."""
    from consult.domain import voting
    from consult.services import responses

    choice.setdefault("respondent_type", voting.LOCAL)
    return responses.respond(proposal_id=proposal.id, respondent_id=person.id,
                             choice=voting.Choice(proposal.options[choose].id, **choice), now=now)


def make_closed_consultation(*, link=None, choices: tuple[int, ...] = (0, 0, 1),
                             action: str = "suspend", now: datetime | None = None,
                             document: bool = True, invited: tuple[str, ...] = MOST_AFFECTED):
    """A consultation that ran 42 days and closed a day before `now`, with a background
    document added before it opened, the twin city's council and a twinning association
    invited before it was published, and one response per option position in `choices`."""
    from consult.services import documents

    now = now or datetime.now(UTC)
    proposal = make_proposal(link=link, status="closed", action=action, now=now,
                             opens_at=now - timedelta(days=43), invited=invited)
    if document:
        documents.add_link(proposal_id=proposal.id, title="Background report",
                           url="https://example.org/report.pdf", actor="system (tests)",
                           now=proposal.opens_at - timedelta(minutes=30))
    for number, position in enumerate(choices):
        respond(proposal, make_user(), choose=position,
                now=proposal.opens_at + timedelta(days=1, minutes=number))
    return proposal


# The codebook (issue 17), written directly: tests of what is built on the codebook need
# neither its services nor its pages.

def make_theme(proposal, *, name: str = "Safety of visitors", parent=None):
    """A theme of the consultation's codebook; with `parent`, a sub-theme of it."""
    from consult.models import Theme, db

    theme = Theme(proposal_id=proposal.id, name=name, parent_id=parent.id if parent else None,
                  created_at=datetime.now(UTC))
    db.session.add(theme)
    db.session.commit()
    return theme


def tag_reason(response, theme, *, quoted: bool = False, at: datetime | None = None):
    """The response's reason coded with the theme (chosen as a quotation if `quoted`)."""
    from consult.models import ReasonTag, db

    tag = ReasonTag(response_id=response.id, theme_id=theme.id, quoted=quoted,
                    tagged_at=at or datetime.now(UTC))
    db.session.add(tag)
    db.session.commit()
    return tag


def mark_read(response, *, at: datetime | None = None):
    """The response's reason marked read, in the version it has now."""
    import sqlalchemy as sa

    from consult.models import ReasonRead, Response, db

    version = db.session.scalar(sa.select(Response.version).where(Response.id == response.id))
    read = ReasonRead(response_id=response.id, version=version, read_at=at or datetime.now(UTC))
    db.session.add(read)
    db.session.commit()
    return read
