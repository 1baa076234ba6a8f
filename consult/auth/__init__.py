"""Accounts: register, confirm email, sign in (with an optional second step) and out, reset
or change a password, confirm it's you before sensitive staff actions."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import fresh  # noqa: E402

bp.before_app_request(fresh.track_activity)

from . import data_views, notification_views, sign_in_steps, two_factor_views, views  # noqa: E402,F401,I001
