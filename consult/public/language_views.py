"""Choosing the language pages are shown in."""

from flask import abort, redirect, request, url_for
from flask_login import current_user

from .. import clock, i18n
from ..navigation import safe_next
from ..services import accounts
from . import bp


@bp.get("/language/<code>")
def choose_language(code: str):
    """The switcher's links: remember the choice and go back to the page it was made on.

    A signed-in person's choice is saved on their account, so it follows them to another
    browser; only when the link was followed from this site, so another site cannot change it."""
    if i18n.known(code) is None:
        abort(404)
    response = redirect(safe_next(request.args.get("next"), url_for("public.index")))
    i18n.remember(response, code)
    if current_user.is_authenticated and request.headers.get(
            "Sec-Fetch-Site", "same-origin") in ("same-origin", "none"):
        accounts.choose_language(user_id=current_user.id, code=code, now=clock.now())
    return response
