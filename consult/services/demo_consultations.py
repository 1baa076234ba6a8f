"""Load the demonstration consultations: one open (Volgograd), one closed with results (Kiel).

Respondents are synthetic accounts at example.invalid with random, never-shown passwords.
"""

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from ..demo import consultations as data
from ..domain import days, voting
from ..domain import invitations as invitation_rules
from ..domain import translations as translation_rules
from ..models import Proposal, User, db
from ..queries import link_queries
from . import (
    accounts,
    consultation_history,
    discussion,
    documents,
    invitations,
    proposals,
    responses,
    translations,
)

ACTOR = "system (demo data)"
NAMES = ["Alex", "Sam", "Priya", "Tomasz", "Grace", "Yusuf", "Olena", "Chris", "Mei", "Jordan",
         "Amara", "Dmitri", "Niamh", "Kwame", "Ruth", "Imran", "Lena", "Owen"]
RESPONDENTS = 36


def _respondent(number: int, now: datetime) -> User:
    email = f"demo-respondent-{number:02d}@example.invalid"
    user = accounts.find_by_email(email)
    if user is None:
        name = f"{NAMES[number % len(NAMES)]} (demo {number})"
        user = accounts.create_user(email=email, display_name=name, verified=True, now=now,
                                    password=secrets.token_urlsafe(32), role="resident",
                                    actor=ACTOR)
    return user


def _publish(spec: dict, now: datetime) -> Proposal:
    link = link_queries.get_by_slug(spec["link"])
    opens = now - timedelta(days=spec["days_open"])
    closes = now + timedelta(days=spec["days_left"])
    before = opens - timedelta(days=1)
    draft = proposals.ProposalDraft(
        link_id=link.id, action=spec["action"], title=spec["title"], summary=spec["summary"],
        reasons=spec["reasons"], alternatives=spec["alternatives"], options=spec["options"],
        opens_at=opens, closes_at=closes, results_visibility=spec["results_visibility"])
    proposal = proposals.create(draft, actor=ACTOR, now=before)
    for title, url in spec["documents"]:
        documents.add_link(proposal_id=proposal.id, title=title, url=url, actor=ACTOR,
                           now=before)
    _invite(proposal, before, later=False)
    proposal = proposals.schedule(
        proposal_id=proposal.id, actor=ACTOR, now=before,
        no_twin_council_reason=data.NO_TWIN_COUNCIL_REASONS.get(spec["title"], ""))
    _translate(proposal, before)
    _invite(proposal, before, later=True)
    return proposal


def _invite(proposal: Proposal, before: datetime, *, later: bool) -> None:
    """The demo's invitations: those listed before publication, or those added after the
    opening (each on its day, as a dated addition)."""
    for name, kind, channel, days_before, days_after in data.INVITATIONS.get(proposal.title, []):
        if (days_after is not None) != later:
            continue
        when = proposal.opens_at + timedelta(days=days_after) if later else before
        invited_on = days.london_day(when) - timedelta(days=days_before)
        invitations.add(proposal_id=proposal.id, draft=invitation_rules.InvitationDraft(
            name=name, kind=kind, invited_on=invited_on, channel=channel), actor=ACTOR,
            now=when, demonstration=True)


def _translate(proposal: Proposal, now: datetime) -> None:
    """The demo's translation of this consultation, published with it before it opens."""
    spec = data.TRANSLATIONS.get(proposal.title)
    if spec is None:
        return
    draft = translation_rules.TranslationDraft(
        language=spec["language"], title=spec["title"], summary=spec["summary"],
        reasons=spec["reasons"], alternatives=tuple(spec["alternatives"]),
        option_labels=tuple(spec["options"]), document_titles=tuple(spec["documents"]),
        translated_by=data.TRANSLATED_BY)
    translations.save(proposal_id=proposal.id, draft=draft, offered={spec["language"]},
                      actor=ACTOR, now=now, demonstration=True)


def _respond(proposal: Proposal, now: datetime) -> None:
    last = min(now, proposal.closes_at) - timedelta(minutes=1)
    step = (last - proposal.opens_at) / (RESPONDENTS + 1)
    options = [option.id for option in proposal.options]
    banks = {key: iter(texts) for key, texts in data.REASONS[proposal.title].items()}
    for number in range(RESPONDENTS):
        rtype, position, gives = data.RESPONSE_PATTERN[number % len(data.RESPONSE_PATTERN)]
        bank = banks["twin" if rtype == voting.TWIN_CITY else position]
        reason, language = next(bank) if gives else ("", "en")
        when = proposal.opens_at + step * (number + 1)
        choice = voting.Choice(options[min(position, len(options) - 1)], rtype,
                               organisation="Coventry Twinning Choir" if rtype == "organisation"
                               else "", reason=reason)
        response = responses.respond(proposal_id=proposal.id,
                                     respondent_id=_respondent(number, when).id, choice=choice,
                                     now=when, language=language,
                                     hear_outcome=False)  # no mail to .invalid
        if reason:
            discussion.moderate_reason(response_id=response.id, publish=True, moderator=ACTOR,
                                       now=when)


def load(*, now: datetime) -> int:
    """Add the demo consultations that are not there yet; return how many were added."""
    added = 0
    for spec in (data.OPEN, data.CLOSED):
        exists = db.session.scalar(sa.select(sa.func.count()).select_from(Proposal).where(
            Proposal.title == spec["title"]))
        if exists or link_queries.get_by_slug(spec["link"]) is None:
            continue
        proposal = _publish(spec, now)
        _respond(proposal, now)
        consultation_history.settle_now(proposal_id=proposal.id, now=now)
        added += 1
    return added
