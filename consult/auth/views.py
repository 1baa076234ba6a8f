"""Account pages. Each view: form, one service call, redirect (post/redirect/get)."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from .. import clock, i18n
from ..domain.errors import DomainError, InvalidToken
from ..extensions import limiter
from ..forms_base import add_error
from ..navigation import external_url, safe_next
from ..services import accounts, response_bursts
from . import bp, fresh, limits
from .forms import (
    ChangePasswordForm,
    ConfirmForm,
    ForgotPasswordForm,
    RegisterForm,
    ResetPasswordForm,
    SignInForm,
)
from .sign_in_steps import ask_for_code, signed_in


def _next_path() -> str | None:
    """The page someone was on before (`next`, checked by safe_next), to carry along; None
    when there is none or it is not a path on this site."""
    return safe_next(request.args.get("next"), "") or None


def _links_keeping(next_path: str | None):
    """Absolute links for mail that bring `next_path` along (a confirmation link, say)."""
    def link_for(endpoint: str, **values) -> str:
        return external_url(endpoint, **values, **({"next": next_path} if next_path else {}))
    return link_for


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"], exempt_when=response_bursts.from_shared_address)
def register():
    form, next_path = RegisterForm(), _next_path()
    if form.validate_on_submit():
        try:
            accounts.register(email=form.email.data, display_name=form.display_name.data,
                              password=form.password.data, link_for=_links_keeping(next_path),
                              language=i18n.current_language())
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
        else:
            session["pending_email"] = form.email.data.lower()
            return redirect(url_for("auth.check_email", next=next_path))
    return render_template("auth/register.html", form=form, next_path=next_path)


@bp.get("/register/check-your-email")
def check_email():
    return render_template("auth/check_email.html", email=session.get("pending_email"),
                           next_path=_next_path())


@bp.route("/verify-email/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    form, next_path = ConfirmForm(), _next_path()
    try:
        accounts.user_for_verification(token)
        if form.validate_on_submit():
            accounts.verify_email(token)
            if current_user.is_authenticated:
                flash(_("Your email address is confirmed."), "success")
                return redirect(next_path or url_for("auth.account"))
            flash(_("Your email address is confirmed. Sign in to carry on."), "success")
            return redirect(url_for("auth.sign_in", next=next_path))
    except InvalidToken as exc:
        return render_template("auth/link_problem.html", message=exc.message), 400
    return render_template("auth/verify_email.html", form=form, token=token, next_path=next_path)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(limits.login_limit, methods=["POST"])
@limiter.limit(limits.account_limit, key_func=limits.email_key, methods=["POST"])
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data, now=clock.now())
        if user is not None and user.has_two_factor:
            return ask_for_code(user)
        if user is not None:
            return signed_in(user)
        add_error(form, "email", _("Enter a correct email address and password"))
    return render_template("auth/sign_in.html", form=form, next_path=_next_path())


@bp.post("/sign-out")
def sign_out():
    if current_user.is_authenticated:
        # Every session of the account ends: a copy of this cookie must not stay signed in.
        accounts.end_sessions(user_id=current_user.id)
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect(url_for("public.index"))


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html", form=ConfirmForm())


@bp.post("/account/resend-confirmation")
@login_required
@limiter.limit("5 per hour", methods=["POST"])
def resend_confirmation():
    form = ConfirmForm()
    if form.validate_on_submit() and not current_user.is_verified:
        accounts.send_verification(current_user, external_url)
        flash(_("We have sent a new link to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(limits.login_limit, methods=["POST"])
@limiter.limit(limits.CODE_LIMIT, key_func=limits.user_key, methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.change_password(user_id=current_user.id,
                                            current=form.current_password.data,
                                            new=form.password.data)
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
        else:
            login_user(user)  # this session carries on with the new session version
            fresh.record_sign_in(clock.now())
            flash(_("Your password has been changed. Any other sessions have been signed out."),
                  "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.ask_for_password_reset(form.email.data)
        session["pending_email"] = form.email.data.lower()
        return redirect(url_for("auth.reset_sent"))
    return render_template("auth/forgot_password.html", form=form)


@bp.get("/forgot-password/sent")
def reset_sent():
    return render_template("auth/reset_sent.html", email=session.get("pending_email"))


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    try:
        accounts.user_for_reset(token)
        if form.validate_on_submit():
            accounts.reset_password(token, form.password.data)
            logout_user()
            session.clear()
            flash(_("Your password has been changed. Sign in with your new password."), "success")
            return redirect(url_for("auth.sign_in"))
    except InvalidToken as exc:
        return render_template("auth/link_problem.html", message=exc.message), 400
    except DomainError as exc:
        add_error(form, exc.field, exc.message)
    return render_template("auth/reset_password.html", form=form, token=token)
