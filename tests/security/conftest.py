"""Fixtures for the security tests: table snapshots and one site filled with payloads."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from consult.domain import voting
from consult.extensions import db
from consult.models import Comment, Decision, Response
from consult.services import consultation_history, discussion, links, proposals, responses
from tests.conftest import sign_in, submit
from tests.factories import (
    PASSWORD,
    make_closed_consultation,
    make_invitation,
    make_link,
    make_proposal,
    make_theme,
    make_user,
    tag_reason,
)
from tests.integration.decision_data import day_fields, publish_feedback, record, unconsulted
from tests.security.xss_corpus import FORMULAS, payload


def table_counts() -> dict[str, int]:
    """Rows in every table the database has (new tables included without edits here)."""
    db.session.expire_all()
    names = sa.inspect(db.engine).get_table_names()
    return {name: db.session.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in sorted(names) if name != "alembic_version"}


def audit_head() -> tuple:
    row = db.session.execute(sa.text(
        "SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1")).first()
    return tuple(row) if row else ()


@dataclass
class World:
    """A site where every text field a person can fill holds payloads."""

    link: object
    open_proposal: object
    closed_proposal: object
    officer: object  # a signed-in test client
    decision_id: int = 0
    unconsulted_id: int = 0
    request_id: int = 0
    refused_request_id: int = 0
    theme_id: int = 0
    tags: dict[str, str] = field(default_factory=dict)

    def tag(self, name: str, limit: int = 5000, *, formula: str = "") -> str:
        value = payload(f"XSS-{name}", limit, formula=formula)
        self.tags[name] = f"XSS-{name}"
        return value


def _link(world_tags: "World") -> object:
    details = links.LinkDetails(
        partner_name=world_tags.tag("partner", 120, formula=FORMULAS[0]),
        country=world_tags.tag("country", 80, formula=FORMULAS[1]),
        partner_local_name=world_tags.tag("local", 120),
        began="1972", began_note=world_tags.tag("began-note", 2000),
        description=world_tags.tag("description", 5000),
        sources=["https://example.org/source"])
    link = links.create_link(details, home_place="Coventry", actor="system (tests)",
                             now=datetime.now(UTC))
    links.append_event(link_id=link.id, details=links.EventDetails(
        occurred_on="1980", kind="activity", summary=world_tags.tag("event", 2000,
                                                                    formula=FORMULAS[2]),
        sources=["https://example.org/event"]), actor="system (tests)", now=datetime.now(UTC))
    return link


def _proposal(world, link, officer_user, name: str, opens_at, closes_at, now):
    draft = proposals.ProposalDraft(
        link_id=link.id, action="suspend", title=world.tag(f"{name}-title", 200,
                                                           formula=FORMULAS[3]),
        summary=world.tag(f"{name}-summary", 2000), reasons=world.tag(f"{name}-reasons"),
        alternatives=[{"title": world.tag(f"{name}-alt", 200),
                       "why_not": world.tag(f"{name}-why-not", 2000)}],
        options=[world.tag(f"{name}-option", 120), "Keep the link as it is"],
        opens_at=opens_at, closes_at=closes_at, results_visibility="shown")
    proposal = proposals.create(draft, actor=officer_user, now=now)
    make_invitation(proposal, kind="twinning_association", now=now,
                    name=world.tag(f"{name}-invitation", 200))
    return proposals.schedule(proposal_id=proposal.id, actor=officer_user, now=now,
                              no_twin_council_reason=world.tag(f"{name}-no-twin-reason", 2000))


def _responses(world, proposal, when, prefix: str):
    for number in range(2):
        person = make_user(display_name=world.tag(f"{prefix}-name-{number}", 80))
        choice = voting.Choice(option_id=proposal.options[number].id,
                               respondent_type=voting.LOCAL,
                               organisation=world.tag(f"{prefix}-org-{number}", 200),
                               reason=world.tag(f"{prefix}-reason-{number}",
                                                formula=FORMULAS[number]))
        responses.respond(proposal_id=proposal.id, respondent_id=person.id, choice=choice,
                          now=when + timedelta(minutes=number))


def _publish_reasons(proposal, moderator, when):
    db.session.expire_all()
    for response in db.session.scalars(sa.select(Response).filter_by(proposal_id=proposal.id)):
        discussion.moderate_reason(response_id=response.id, publish=True, moderator=moderator,
                                   now=when)


def _coded_themes(world, officer, proposal) -> int:
    """A theme and a sub-theme full of payloads, coding the consultation's reasons (issue 17)."""
    from consult.services import codebook, coding

    now = datetime.now(UTC)
    theme = codebook.add_theme(
        proposal_id=proposal.id, name=world.tag("codebook-name", 80, formula=FORMULAS[1]),
        description=world.tag("codebook-description", 1000), actor=officer, now=now)
    sub = codebook.add_theme(proposal_id=proposal.id, name=world.tag("codebook-sub", 80),
                             parent_id=theme.id, actor=officer, now=now)
    reasons = list(db.session.scalars(sa.select(Response.id).filter_by(proposal_id=proposal.id)))
    for found in (theme, sub):
        coding.tag(proposal_id=proposal.id, theme_id=found.id, response_ids=reasons,
                   actor=officer, now=now)
    return theme.id


def _discussion(world, app, proposal):
    """A comment and a reply posted through the form, and a report of the comment."""
    author = make_user(display_name=world.tag("commenter", 80))
    client = app.test_client()
    sign_in(client, author.email, PASSWORD)
    path = f"/consultations/{proposal.id}"
    submit(client, f"{path}/comments", {"body": world.tag("comment", 2000)}, token_from=path)
    parent = db.session.scalars(sa.select(Comment).order_by(Comment.id.desc())).first()
    submit(client, f"{path}/comments", {"body": world.tag("reply", 2000),
                                        "parent_id": str(parent.id)}, token_from=path)
    discussion.report(comment_id=parent.id, reporter=make_user(), reason="spam",
                      now=datetime.now(UTC))


def _codebook(world, proposal) -> dict:
    """Two themes, every reason coded and the first quoted; the second theme (half the coded
    reasons) is left unanswered, so the feedback says why."""
    answered = make_theme(proposal, name=world.tag("theme", 80))
    unanswered = make_theme(proposal, name=world.tag("unanswered-theme", 80))
    rows = list(db.session.scalars(sa.select(Response).filter_by(proposal_id=proposal.id)
                                   .order_by(Response.id)))
    tag_reason(rows[0], answered, quoted=True)
    tag_reason(rows[1], answered)
    tag_reason(rows[1], unanswered)
    return {answered: world.tag("theme-answer", 5000)}


def _decision(world, officer, proposal):
    response = publish_feedback(officer, proposal, _codebook(world, proposal), **{
        "summary": world.tag("feedback-summary", 5000),
        "unanswered_reason": world.tag("unanswered-reason", 5000)})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    note = submit(officer, f"/officer/consultations/{proposal.id}/feedback/notes/new",
                  {"body": world.tag("feedback-note", 2000)})
    assert note.status_code == 302, note.get_data(as_text=True)[:2000]
    decided = record(officer, proposal, title=world.tag("decision-title", 200,
                                                        formula=FORMULAS[0]),
                     summary=world.tag("decision-summary", 2000),
                     reasons=world.tag("decision-reasons", 5000),
                     alternatives=world.tag("decision-alternatives", 5000),
                     committee_name="", interests=world.tag("interests", 2000),
                     names_against=world.tag("names-against", 2000))
    assert decided.status_code == 302, decided.get_data(as_text=True)[:3000]
    proposals.add_note(proposal_id=proposal.id, body=world.tag("proposal-note", 2000),
                       actor=officer.user, now=datetime.now(UTC))
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.max(Decision.id)))


def _unconsulted(world, officer):
    """An urgent suspension (the link is already suspended) with no retrospective consultation,
    a review date, and its review recorded: every new text field full of payloads."""
    today = datetime.now(UTC).date()
    decided = submit(officer, f"/officer/links/{world.link.slug}/decisions/new", unconsulted(
        title=world.tag("unconsulted-title", 200),
        no_consultation_reason=world.tag("no-consultation-reason", 5000),
        retrospective="no", no_retrospective_reason=world.tag("no-retrospective-reason", 5000),
        **day_fields("retrospective_by", None),
        **day_fields("review_on", today + timedelta(days=10))))
    assert decided.status_code == 302, decided.get_data(as_text=True)[:3000]
    db.session.expire_all()
    decision_id = db.session.scalar(sa.select(sa.func.max(Decision.id)))
    reviewed = submit(officer, f"/officer/decisions/{decision_id}/review",
                      {"outcome": world.tag("review-outcome", 5000)})
    assert reviewed.status_code == 302, reviewed.get_data(as_text=True)[:3000]
    return decision_id


@pytest.fixture
def site(app):
    """Rows behind every sample id of the route walks: a link, an open consultation (returned)
    with a comment, and a closed one. The clock's own bookkeeping (opened/closed events) is done
    now, so that requests made by the tests are the only thing that could change a row."""
    link = make_link(partner_name="Volgograd", country="Russia")
    proposal = make_proposal(link=link, status="open")
    discussion.post_comment(proposal_id=proposal.id, author=make_user(), body="A comment.",
                            now=datetime.now(UTC))
    make_closed_consultation(link=link)
    consultation_history.settle_all(datetime.now(UTC))
    return proposal


@pytest.fixture
def resident(app, signed_in):
    """A signed-in resident with personal data everywhere it can be held."""
    from tests.security.personal_data_fixtures import make_resident

    return make_resident(signed_in)


@pytest.fixture
def table_snapshot():
    return table_counts


@pytest.fixture
def xss_world(app, signed_in) -> World:
    """One link, an open consultation with discussion and published reasons, a closed one
    with feedback, a correction note and a decision, all full of payloads."""
    now = datetime.now(UTC)
    world = World(link=None, open_proposal=None, closed_proposal=None, officer=None)
    officer = signed_in("officer", display_name=world.tag("officer-name", 80))
    world.officer = officer
    world.link = _link(world)
    world.closed_proposal = _proposal(world, world.link, officer.user, "closed",
                                      now - timedelta(days=50), now - timedelta(days=2),
                                      now - timedelta(days=51))
    _responses(world, world.closed_proposal, now - timedelta(days=40), "closed")
    _publish_reasons(world.closed_proposal, officer.user, now - timedelta(days=30))
    world.theme_id = _coded_themes(world, officer.user, world.closed_proposal)
    world.open_proposal = _proposal(world, world.link, officer.user, "open",
                                    now - timedelta(days=1), now + timedelta(days=41),
                                    now - timedelta(days=2))
    _responses(world, world.open_proposal, now - timedelta(hours=20), "open")
    _discussion(world, app, world.open_proposal)
    world.decision_id = _decision(world, officer, world.closed_proposal)
    world.unconsulted_id = _unconsulted(world, officer)
    world.request_id, world.refused_request_id = _requests(world, officer.user)
    return world


def _requests(world: World, officer) -> tuple[int, int]:
    """A resident's request, published and signed, and a second one refused with reasons."""
    from consult.domain import requests as request_rules
    from consult.services import requests

    now = datetime.now(UTC)
    made = []
    for name in ("request", "refused-request"):
        draft = request_rules.Draft(world.link.id, "review", world.tag(f"{name}-title", 120),
                                    world.tag(f"{name}-reason", 2000))
        request = requests.submit(author=make_user(), draft=draft, now=now)
        requests.publish(request_id=request.id, moderator=officer, now=now)
        made.append(request.id)
    requests.sign(request_id=made[0], signer_id=make_user().id, signer_type="local_resident",
                  now=now)
    requests.refuse(request_id=made[1], reason=world.tag("refusal", 5000, formula=FORMULAS[2]),
                    actor=officer, now=now)
    return made[0], made[1]
