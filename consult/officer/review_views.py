"""Officer review of responses held in a burst: the lists, and accepting or invalidating them."""

from flask import flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_login import current_user

from .. import clock
from ..domain import abuse
from ..domain.errors import DomainError
from ..forms_base import add_error
from ..queries import review_queries
from ..services import response_review
from . import bp
from .loaders import load_proposal
from .review_forms import review_form

INVALIDATED = "invalidated"


def _page(proposal, held_form=None, invalidated_form=None):
    """Both lists, with the form that was posted (and its errors) if there was one."""
    held_form = held_form or review_form()
    invalidated_form = invalidated_form or review_form(INVALIDATED)
    failed = next((form for form in (held_form, invalidated_form) if form.errors), None)
    return render_template(
        "officer/review/responses.html", proposal=proposal, form=failed, held_form=held_form,
        invalidated_form=invalidated_form, groups=review_queries.held(proposal),
        invalidated=review_queries.invalidated(proposal),
        refused=review_queries.reviewable(proposal, clock.now()))


@bp.get("/consultations/<id:proposal_id>/review")
def response_review_page(proposal_id: int):
    return _page(load_proposal(proposal_id))


def _done(action: str, count: int) -> str:
    if action == abuse.ACCEPT:
        return ngettext("%(num)d response accepted: they now count in the totals.",
                        "%(num)d responses accepted: they now count in the totals.", count)
    return ngettext("%(num)d response invalidated: they are kept, marked, and in no total.",
                    "%(num)d responses invalidated: they are kept, marked, and in no total.",
                    count)


def _review(proposal_id: int, prefix: str):
    proposal = load_proposal(proposal_id)
    form = review_form(prefix, submitted=True)
    if form.validate_on_submit():
        try:
            changed = response_review.review(
                proposal_id=proposal.id, action=form.action.data,
                response_ids=form.responses.data, note=form.note.data, actor=current_user)
            flash(_done(form.action.data, len(changed)), "success")
            return redirect(url_for(".response_review_page", proposal_id=proposal.id))
        except DomainError as exc:
            add_error(form, exc.field or "responses", exc.message)
    return _page(proposal, **({"invalidated_form": form} if prefix else {"held_form": form}))


@bp.post("/consultations/<id:proposal_id>/review")
def review_held_responses(proposal_id: int):
    return _review(proposal_id, "")


@bp.post("/consultations/<id:proposal_id>/review/invalidated")
def reaccept_responses(proposal_id: int):
    return _review(proposal_id, INVALIDATED)
