"""Officer pages for the register: add and describe links, append history, change status."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import clock
from ..domain import twinning
from ..domain.errors import DomainError
from ..forms_base import add_error
from ..queries import follow_up_queries, link_queries, moderation_queries
from ..services import links
from . import bp
from .forms import EventForm, LinkForm, StatusForm
from .loaders import load_link

# Whole sentences per status: a status is not glued, lower-cased, into a sentence.
NOW_STATUS = {twinning.ACTIVE: _l("The link is now active."),
              twinning.SUSPENDED: _l("The link is now suspended."),
              twinning.DORMANT: _l("The link is now dormant."),
              twinning.ENDED: _l("The link is now ended.")}


def _link_details(form: LinkForm) -> links.LinkDetails:
    return links.LinkDetails(
        partner_name=form.partner_name.data, country=form.country.data,
        partner_local_name=form.partner_local_name.data or "", began=form.began.data,
        began_alternative=form.began_alternative.data,
        began_note=form.began_note.data or "", description=form.description.data or "",
        sources=form.sources.urls)


@bp.get("/")
def dashboard():
    now = clock.now()
    return render_template("officer/dashboard.html", links=link_queries.list_links(),
                           reviews=follow_up_queries.reviews(now),
                           retrospectives_overdue=follow_up_queries.overdue_decisions(now),
                           moderation_waiting=moderation_queries.waiting())


@bp.route("/links/new", methods=["GET", "POST"])
def new_link():
    form = LinkForm()
    if form.validate_on_submit():
        try:
            link = links.create_link(_link_details(form), actor=current_user,
                                     home_place=_home_place())
            flash(_("%(place)s has been added to the register.", place=link.partner_name),
                  "success")
            return redirect(url_for("public.link_detail", slug=link.slug))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return render_template("officer/new_link.html", form=form)


def _home_place() -> str:
    return current_app.config["CONSULT_HOME_PLACE"]


@bp.route("/links/<slug>/edit", methods=["GET", "POST"])
def edit_link(slug: str):
    link = load_link(slug)
    form = LinkForm(obj=link)
    if form.validate_on_submit():
        try:
            links.update_link(link_id=link.id, details=_link_details(form), actor=current_user)
            flash(_("The link's details have been saved."), "success")
            return redirect(url_for("public.link_detail", slug=link.slug))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return render_template("officer/edit_link.html", form=form, link=link)


@bp.route("/links/<slug>/events/new", methods=["GET", "POST"])
def new_event(slug: str):
    link = load_link(slug)
    form = EventForm()
    form.corrects_id.choices = link_queries.event_choices(link)
    if form.validate_on_submit():
        details = links.EventDetails(
            occurred_on=form.occurred_on.data, kind=form.kind.data, summary=form.summary.data,
            sources=form.sources.urls,
            corrects_id=int(form.corrects_id.data) if form.corrects_id.data else None)
        try:
            links.append_event(link_id=link.id, details=details, actor=current_user)
            flash(_("The entry has been added to the link's history."), "success")
            return redirect(url_for("public.link_detail", slug=link.slug))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return render_template("officer/new_event.html", form=form, link=link)


@bp.route("/links/<slug>/status", methods=["GET", "POST"])
def change_status(slug: str):
    link = load_link(slug)
    form = StatusForm()
    form.status.choices = [(s, _(twinning.STATUS_LABELS[s])) for s in
                           sorted(twinning.TRANSITIONS[link.status])]
    if form.validate_on_submit():
        details = links.EventDetails(occurred_on=form.occurred_on.data, kind="status_changed",
                                     summary=form.summary.data, sources=form.sources.urls)
        try:
            links.change_status(link_id=link.id, target=form.status.data, details=details,
                                actor=current_user)
            flash(str(NOW_STATUS[link.status]), "success")
            return redirect(url_for("public.link_detail", slug=link.slug))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return render_template("officer/change_status.html", form=form, link=link)
