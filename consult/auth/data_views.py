"""A person's own data: see and download it, or delete the account (UK GDPR rights)."""

import json

from flask import Response, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from .. import clock
from ..domain.errors import DomainError
from ..domain.roles import RESIDENT
from ..extensions import limiter
from ..forms_base import add_error
from ..services import personal_data
from . import bp
from .data_forms import DeleteAccountForm


@bp.get("/account/your-data")
@login_required
def your_data():
    held = personal_data.export(current_user, now=clock.now(),
                                controller=current_app.config["CONSULT_COUNCIL_NAME"])
    return render_template("auth/your_data.html", held=held)


@bp.get("/account/your-data.json")
@login_required
def your_data_download():
    """Reads only: a GET is enough. Never cached, by the browser or anything in between."""
    held = personal_data.export(current_user, now=clock.now(),
                                controller=current_app.config["CONSULT_COUNCIL_NAME"])
    response = Response(json.dumps(held, indent=2, ensure_ascii=False, sort_keys=True),
                        mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="your-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            personal_data.erase_account(user_id=current_user.id, password=form.password.data)
        except DomainError as exc:
            add_error(form, exc.field or "password", exc.message)
        else:
            logout_user()
            session.clear()
            flash(_("Your account has been deleted. Your responses still count, without your "
                    "name or reasons."), "success")
            return redirect(url_for("public.index"))
    return render_template("auth/delete_account.html", form=form,
                           staff=current_user.role != RESIDENT,
                           removed_comment=personal_data.REMOVED_COMMENT)
