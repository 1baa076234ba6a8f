"""/account/notifications: what the signed-in person follows, how often, and (for staff) the
daily summary of work waiting."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain import notifications as notices
from ..domain.roles import ADMIN, OFFICER
from ..public.follow_forms import ChoicesForm, read_choices
from ..queries import notification_queries
from ..services import follows
from . import bp


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def notifications():
    found = notification_queries.own_follows(current_user)
    staff = current_user.role in (OFFICER, ADMIN)
    form = ChoicesForm()
    if form.validate_on_submit():
        frequencies, stop, errors = read_choices(found, request.form)
        if not errors:
            work = request.form.get("work_digest") == "yes" if staff else current_user.work_digest
            follows.change_own(actor=current_user, frequencies=frequencies, stop=stop,
                               work_digest=work)
            flash(_("Your choices have been saved."), "success")
            return redirect(url_for("auth.notifications"))
        form.submit.errors = errors
    return render_template("auth/notifications.html", form=form, follows=found, staff=staff,
                           labels=notification_queries.follow_labels(found),
                           frequencies=notices.FREQUENCY_LABELS)
