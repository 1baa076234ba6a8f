"""Following a twin link or every consultation, confirming by email, and stopping or changing
how often from any mail's link without signing in (a GET never changes anything)."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import i18n
from ..domain import notifications as notices
from ..domain.errors import DomainError, InvalidToken
from ..extensions import csrf, limiter
from ..forms_base import add_error
from ..navigation import external_url
from ..queries import notification_queries
from ..services import follows
from . import bp
from .follow_forms import ButtonForm, ChoicesForm, FollowByEmailForm, FollowForm, read_choices
from .loaders import load_link


def _follow_limit() -> str:
    from flask import current_app

    return current_app.config["CONSULT_FOLLOW_LIMIT"]


@bp.route("/links/<slug>/follow", methods=["GET", "POST"])
@limiter.limit(_follow_limit, methods=["POST"])
def follow_link(slug: str):
    link = load_link(slug)
    return _follow(notices.LINK, link.id, link.partner_name,
                   url_for("public.link_detail", slug=link.slug))


@bp.route("/consultations/follow", methods=["GET", "POST"])
@limiter.limit(_follow_limit, methods=["POST"])
def follow_all():
    return _follow(notices.ALL, None, None, url_for("public.consultations_index"))


def _follow(target: str, target_id: int | None, partner: str | None, back: str):
    """Following a link (its partner's name given) or every consultation (None)."""
    own = current_user.is_authenticated and current_user.is_verified
    form = FollowForm() if own else FollowByEmailForm()
    if form.validate_on_submit():
        try:
            outcome = follows.follow(target=target, target_id=target_id,
                                     email=None if own else form.email.data,
                                     actor=current_user if own else None,
                                     link_for=external_url, partner=partner,
                                     language=i18n.current_language())
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
        else:
            if outcome == follows.FOLLOWING:
                flash(_("You are following the twin link with %(partner)s.", partner=partner)
                      if partner else _("You are following every consultation."), "success")
                return redirect(back)
            session["follow_email"] = form.email.data
            return redirect(url_for("public.follow_check_email"))
    return render_template("public/follow.html", form=form, partner=partner, back=back, own=own,
                           default=notices.DEFAULT_FREQUENCY[target])


@bp.get("/follow/check-your-email")
def follow_check_email():
    return render_template("public/follow_check_email.html", email=session.get("follow_email"))


@bp.route("/follow/confirm/<token>", methods=["GET", "POST"])
def confirm_follow(token: str):
    form = ButtonForm()
    try:
        found = follows.subscription_for_confirmation(token)
        if form.validate_on_submit():
            follows.confirm(token)
            flash(_following(found), "success")
            return redirect(_page_of(found))
    except InvalidToken as exc:
        return render_template("public/follow_link_problem.html", message=exc.message), 404
    kind, name = notification_queries.followed(found)
    return render_template("public/follow_confirm.html", form=form, kind=kind, name=name)


def _following(follow) -> str:
    """What a confirmed follow follows, as one whole sentence for each kind."""
    kind, name = notification_queries.followed(follow)
    if kind == notices.ALL:
        return _("You are following every consultation. You can unsubscribe from any email we "
                 "send.")
    if kind == notices.LINK:
        return _("You are following the twin link with %(partner)s. You can unsubscribe from "
                 "any email we send.", partner=name)
    return _("You are following the outcome of the consultation “%(title)s”. You can "
             "unsubscribe from any email we send.", title=name)


def _page_of(follow) -> str:
    if follow.target_key == notices.ALL:
        return url_for("public.consultations_index")
    if follow.link_id:
        return url_for("public.link_detail", slug=follow.link.slug)
    return url_for("public.consultation", proposal_id=follow.proposal_id)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" with no page first;
# the signed token in the address is the authority, and it can only ever stop mail
def unsubscribe(token: str):
    try:
        found, officer = follows.follows_named(token)
        if request.method == "POST":
            follows.unsubscribe(token)
            return render_template("public/unsubscribed.html", follows=found, officer=officer)
    except InvalidToken as exc:
        return render_template("public/follow_link_problem.html", message=exc.message), 404
    return render_template("public/unsubscribe.html", form=ButtonForm(), follows=found,
                           officer=officer,
                           labels=notification_queries.follow_labels(found))


@bp.route("/notifications/<token>", methods=["GET", "POST"])
def manage_follows(token: str):
    try:
        found, officer = follows.follows_named(token)
    except InvalidToken as exc:
        return render_template("public/follow_link_problem.html", message=exc.message), 404
    form = ChoicesForm()
    if form.validate_on_submit():
        frequencies, stop, errors = read_choices(found, request.form)
        if not errors:
            follows.change_by_token(token, frequencies=frequencies, stop=stop)
            flash(_("Your choices have been saved."), "success")
            return redirect(url_for("public.manage_follows", token=token))
        form.submit.errors = errors
    return render_template("public/manage_follows.html", form=form, follows=found,
                           labels=notification_queries.follow_labels(found),
                           frequencies=notices.FREQUENCY_LABELS, token=token)
