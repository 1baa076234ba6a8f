"""Jinja set-up: GOV.UK macros, filters for dates, and site-wide template globals."""

from datetime import datetime

from flask import Flask
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from . import markdown
from .domain import partial_dates, roles, twinning
from .domain.days import LONDON


def london_time(value: datetime | None, with_time: bool = True) -> str:
    """Show a stored UTC time in Europe/London."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    day = f"{local.day} {local:%B %Y}"
    return f"{day} at {local:%H:%M}" if with_time else day


def can(permission: str) -> bool:
    """For showing links to pages the user may use; the server checks again on every request."""
    return bool(current_user.is_authenticated and roles.has_permission(current_user.role,
                                                                       permission))


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader([
        app.jinja_loader,
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)
    app.jinja_env.filters["partial_date"] = partial_dates.display
    app.jinja_env.filters["london_time"] = london_time
    app.jinja_env.filters["markdown"] = markdown.render
    app.jinja_env.globals.update(
        can=can,
        council_name=app.config["CONSULT_COUNCIL_NAME"],
        service_name=app.config["CONSULT_SERVICE_NAME"],
        status_labels=twinning.STATUS_LABELS,
        event_kinds=twinning.EVENT_KINDS,
        role_labels=roles.ROLE_LABELS,
    )
