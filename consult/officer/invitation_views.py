"""Officer pages for who was invited to respond: the list, adding, and (before the opening)
editing or removing an invitation."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain import proposals as proposal_rules
from ..domain.errors import DomainError
from ..forms_base import BaseForm, add_error
from ..services import invitations
from . import bp
from .invitation_forms import InvitationForm, data_of, draft
from .loaders import load_invitation, load_proposal


def _page(proposal, form: InvitationForm):
    now = clock.now()
    return render_template(
        "officer/consultations/invitations.html", proposal=proposal, add_form=form, form=form,
        opened=proposal_rules.text_frozen(proposal.status, proposal.window, now),
        withdrawn=proposal.status == proposal_rules.WITHDRAWN, remove_form=BaseForm())


@bp.route("/consultations/<id:proposal_id>/invitations", methods=["GET", "POST"])
def invitations_page(proposal_id: int):
    proposal = load_proposal(proposal_id)
    form = InvitationForm()
    if form.validate_on_submit():
        try:
            invitations.add(proposal_id=proposal.id, draft=draft(form), actor=current_user)
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
        else:
            flash(_("‘%(name)s’ has been added to the list of who was invited.",
                    name=form.name.data), "success")
            return redirect(url_for(".invitations_page", proposal_id=proposal.id))
    return _page(proposal, form)


@bp.route("/consultations/<id:proposal_id>/invitations/<id:invitation_id>/edit",
          methods=["GET", "POST"])
def edit_invitation(proposal_id: int, invitation_id: int):
    proposal = load_proposal(proposal_id)
    row = load_invitation(proposal, invitation_id)
    if proposal_rules.text_frozen(proposal.status, proposal.window, clock.now()):
        return redirect(url_for(".invitations_page", proposal_id=proposal.id))
    form = InvitationForm(data=data_of(row))
    if form.validate_on_submit():
        try:
            invitations.edit(proposal_id=proposal.id, invitation_id=row.id, draft=draft(form),
                             actor=current_user)
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
        else:
            flash(_("The invitation has been saved."), "success")
            return redirect(url_for(".invitations_page", proposal_id=proposal.id))
    return render_template("officer/consultations/invitation.html", proposal=proposal,
                           form=form, invitation=row)


@bp.post("/consultations/<id:proposal_id>/invitations/<id:invitation_id>/remove")
def remove_invitation(proposal_id: int, invitation_id: int):
    proposal = load_proposal(proposal_id)
    row = load_invitation(proposal, invitation_id)
    name, form = row.name, BaseForm()
    if form.validate_on_submit():
        try:
            invitations.remove(proposal_id=proposal.id, invitation_id=row.id, actor=current_user)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("‘%(name)s’ has been removed from the list.", name=name), "success")
    return redirect(url_for(".invitations_page", proposal_id=proposal.id))
