"""After the password: the two-factor code step, and "Confirm it's you" for staff actions."""

from datetime import timedelta

from flask import redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user

from .. import clock
from ..domain.errors import DomainError
from ..extensions import limiter
from ..forms_base import add_error
from ..models import User, db
from ..navigation import safe_next
from ..services import two_factor
from . import bp, fresh, limits
from .forms import CodeForm, ConfirmIdentityForm

# The password step is forgotten if the code does not follow within this time.
CODE_STEP_TIMEOUT = timedelta(minutes=5)


def _next(default: str) -> str:
    return safe_next(request.args.get("next"), default)


def signed_in(user: User):
    """Start a new session for the account (a new cookie: no session fixation)."""
    session.clear()
    login_user(user)
    fresh.record_sign_in(clock.now())
    return redirect(_next(url_for("public.index")))


def ask_for_code(user: User):
    """The password was right; the session is not signed in until the code is."""
    session.clear()
    session[limits.PENDING_SIGN_IN] = {"uid": user.id, "v": user.session_version,
                                       "at": int(clock.now().timestamp())}
    return redirect(url_for("auth.sign_in_code", next=_next("") or None))


def _pending_user() -> User | None:
    pending = session.get(limits.PENDING_SIGN_IN)
    if not isinstance(pending, dict) or not isinstance(pending.get("uid"), int):
        return None
    started = pending.get("at", 0)
    if clock.now().timestamp() - started > CODE_STEP_TIMEOUT.total_seconds():
        return None
    user = db.session.get(User, pending["uid"])
    if user is None or not user.has_two_factor or user.session_version != pending.get("v"):
        return None
    return user


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(limits.login_limit, methods=["POST"])
@limiter.limit(limits.CODE_LIMIT, key_func=limits.pending_key, methods=["POST"])
def sign_in_code():
    user = _pending_user()
    if user is None:
        session.pop(limits.PENDING_SIGN_IN, None)
        return render_template("auth/sign_in_expired.html")
    form = CodeForm()
    if form.validate_on_submit():
        try:
            two_factor.check_code(user_id=user.id, code=form.code.data)
            return signed_in(user)
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return render_template("auth/sign_in_code.html", form=form)


@bp.route("/confirm-its-you", methods=["GET", "POST"])
@login_required
@limiter.limit(limits.login_limit, methods=["POST"])
@limiter.limit(limits.CODE_LIMIT, key_func=limits.user_key, methods=["POST"])
def confirm_identity():
    form = ConfirmIdentityForm()
    if not current_user.has_two_factor:
        del form.code
    if form.validate_on_submit():
        code = form.code.data if "code" in form else None
        try:
            two_factor.confirm_identity(user_id=current_user.id, password=form.password.data,
                                        code=code)
            fresh.record_sign_in(clock.now())
            return redirect(_next(url_for("auth.account")))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return render_template("auth/confirm_identity.html", form=form)
