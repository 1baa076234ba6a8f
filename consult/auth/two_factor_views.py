"""Staff accounts: turn two-factor sign-in (an authenticator app's codes) on and off."""

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from .. import clock
from ..access import permission_required
from ..domain.errors import DomainError
from ..extensions import limiter
from ..forms_base import add_error
from ..services import two_factor
from . import bp, fresh, limits
from .forms import TwoFactorOffForm, TwoFactorSetupForm

PENDING_SECRET = "two_factor_new_secret"


@bp.get("/account/two-factor")
@permission_required("use_two_factor")
def two_factor_status():
    return render_template("auth/two_factor.html", form=TwoFactorOffForm())


def _setup_secret() -> str:
    """The secret being set up, kept in this session until a code from it is confirmed."""
    if not isinstance(session.get(PENDING_SECRET), str):
        session[PENDING_SECRET] = two_factor.new_secret()
    return session[PENDING_SECRET]


@bp.route("/account/two-factor/set-up", methods=["GET", "POST"])
@permission_required("use_two_factor")
@fresh.fresh_sign_in_required
@limiter.limit(limits.CODE_LIMIT, key_func=limits.user_key, methods=["POST"])
def two_factor_setup():
    if current_user.has_two_factor:
        return redirect(url_for("auth.two_factor_status"))
    secret = _setup_secret()
    form = TwoFactorSetupForm()
    if form.validate_on_submit():
        try:
            user = two_factor.enable(user_id=current_user.id, secret=secret,
                                     code=form.code.data)
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
        else:
            session.pop(PENDING_SECRET, None)
            login_user(user)  # this session carries on; others end
            fresh.record_sign_in(clock.now())
            flash(_("Two-factor sign-in is on. You will be asked for a code when you sign in."),
                  "success")
            return redirect(url_for("auth.two_factor_status"))
    uri = two_factor.setup_uri(secret, current_user.email, current_app.config[
        "CONSULT_COUNCIL_NAME"])
    return render_template("auth/two_factor_setup.html", form=form, secret=secret, uri=uri)


@bp.post("/account/two-factor/turn-off")
@permission_required("use_two_factor")
@limiter.limit(limits.CODE_LIMIT, key_func=limits.user_key)
def two_factor_disable():
    form = TwoFactorOffForm()
    if form.validate_on_submit() and current_user.has_two_factor:
        try:
            two_factor.disable(user_id=current_user.id, password=form.password.data,
                               code=form.code.data)
            flash(_("Two-factor sign-in is off."), "success")
            return redirect(url_for("auth.two_factor_status"))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return render_template("auth/two_factor.html", form=form)
