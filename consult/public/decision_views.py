"""Decision pages for everyone: the register of decisions, and each decision's full record."""

import re

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import clock
from ..domain import decisions as decision_rules
from ..domain import fairness
from ..queries import decision_queries, feedback_queries, follow_up_queries, link_queries
from . import bp
from .loaders import load_decision
from .pages import min_days, read_threshold, shown_checks

_SLUG = re.compile(r"^[a-z0-9-]{1,80}$")
_YEAR = re.compile(r"^\d{4}$")
CONSULTED = {"yes": _l("After public consultation"), "no": _l("Without public consultation")}
# The filters in brackets after "Decisions" in the page title.
OUTCOME_WORDS = {decision_rules.ADOPTED: _l("adopted as proposed"),
                 decision_rules.ADOPTED_WITH_CHANGES: _l("adopted with changes"),
                 decision_rules.REJECTED: _l("rejected"), decision_rules.DEFERRED: _l("deferred")}
CONSULTED_WORDS = {"yes": _l("after public consultation"),
                   "no": _l("without public consultation")}


def decided_by(decision) -> str:
    """Who took a decision: the committee's name as typed, or the body in the reader's words."""
    if decision.body == decision_rules.COMMITTEE and decision.committee_name:
        return decision.committee_name
    return _(decision_rules.BODIES.get(decision.body, decision.body))


@bp.context_processor
def _decision_labels() -> dict:
    """Label tables as marked English: templates show them with _()."""
    return {"outcome_labels": decision_rules.OUTCOMES, "check_labels": fairness.STATUS_LABELS,
            "no_consultation_label": decision_rules.NO_CONSULTATION, "decided_by": decided_by}


def _filters() -> decision_queries.Filters:
    """Allow-listed values only: anything else means "all", never an error."""
    slug = request.args.get("link", "")
    year = request.args.get("year", "")
    outcome = request.args.get("outcome", "")
    consulted = request.args.get("consulted", "")
    return decision_queries.Filters(
        link=link_queries.get_by_slug(slug) if _SLUG.match(slug) else None,
        outcome=outcome if outcome in decision_rules.OUTCOMES else "",
        consulted=consulted if consulted in CONSULTED else "",
        year=int(year) if _YEAR.match(year) and decision_queries.MIN_YEAR <= int(year)
        <= decision_queries.MAX_YEAR else None)


@bp.get("/decisions")
def decisions_index():
    filters = _filters()
    return render_template("public/decisions/index.html", filters=filters,
                           found=decision_queries.public_list(filters),
                           all_links=link_queries.list_links(), years=decision_queries.years(),
                           consulted_labels=CONSULTED, outcome_words=OUTCOME_WORDS,
                           consulted_words=CONSULTED_WORDS, overdue={
                               decision.id: since for decision, since
                               in follow_up_queries.overdue_decisions(clock.now())})


@bp.get("/decisions/<id:decision_id>")
def decision(decision_id: int):
    found = load_decision(decision_id)
    now = clock.now()
    proposal = found.proposal
    feedback = feedback_queries.get_for(proposal.id) if proposal else None
    return render_template(
        "public/decisions/decision.html", decision=found,
        checks=shown_checks(decision_queries.checks(proposal, found, min_days=min_days(),
                                                    now=now, read_threshold=read_threshold())),
        feedback=feedback,
        quoted_words=feedback_queries.quoted_words(feedback),
        corrected_by=decision_queries.corrected_by(found),
        events=link_queries.timeline(found.link),
        status=proposal.status_at(now) if proposal else None,
        retrospective=follow_up_queries.retrospective_for(found),
        overdue_since=follow_up_queries.overdue_since(found, now))
