"""Administrator pages: list accounts, change a role."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.fresh import fresh_sign_in_required
from ..domain.errors import DomainError
from ..domain.roles import ROLE_LABELS
from ..forms_base import add_error
from ..queries import account_queries
from ..services import accounts
from . import bp
from .forms import RoleForm
from .loaders import load_user


@bp.get("/users")
def users():
    search = request.args.get("q", "").strip()
    if len(search) > account_queries.MAX_SEARCH:
        abort(400)
    page = account_queries.people(search, request.args.get("page", type=int))
    return render_template("admin/users.html", page=page, search=search)


@bp.route("/users/<id:user_id>/role", methods=["GET", "POST"])
@fresh_sign_in_required
def change_role(user_id: int):
    user = load_user(user_id)
    form = RoleForm(role=user.role)
    if form.validate_on_submit():
        try:
            accounts.set_role(user_id=user.id, role=form.role.data, actor=current_user)
            flash(_("%(name)s is now “%(role)s”.", name=user.display_name,
                    role=_(ROLE_LABELS[form.role.data])), "success")
            return redirect(url_for("admin.users"))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return render_template("admin/change_role.html", form=form, user=user)
