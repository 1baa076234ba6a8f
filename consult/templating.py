"""Jinja set-up: GOV.UK macros, filters for dates, and site-wide template globals."""

from datetime import date, datetime

from babel.dates import format_skeleton
from flask import Flask
from flask_babel import get_locale, lazy_gettext
from flask_babel import gettext as _
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from . import i18n, markdown
from .domain import invitations, partial_dates, roles, twinning
from .domain.days import LONDON


def london_time(value: datetime | None, with_time: bool = True) -> str:
    """Show a stored UTC time in Europe/London, in the reader's language."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return i18n.day_and_time(local) if with_time else i18n.long_date(local)


def partial_date(text: str | None) -> str:
    """A stored partial date (1944, March 2022, 22 March 2022) in the reader's language."""
    if not text:
        return _("Not known")
    known = partial_dates.parse(text)
    if known.day:
        return i18n.long_date(date(known.year, known.month, known.day))
    if known.month:
        return format_skeleton("yMMMM", date(known.year, known.month, 1), locale=get_locale())
    return str(known.year)


def _translated(labels: dict) -> dict:
    """A label table whose words are read in the reader's language when shown."""
    return {key: lazy_gettext(text) for key, text in labels.items()}


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
    app.jinja_env.filters["partial_date"] = partial_date
    app.jinja_env.filters["london_time"] = london_time
    app.jinja_env.filters["long_date"] = i18n.long_date
    app.jinja_env.filters["markdown"] = markdown.render
    from .public import proposal_text
    from .queries import results

    app.jinja_env.globals.update(shown_title=proposal_text.shown_title,
                                 totals_line=results.shown_totals_line,
                                 plain_title=proposal_text.plain_title,
                                 in_language=proposal_text.in_language)
    app.jinja_env.globals.update(
        can=can,
        council_name=app.config["CONSULT_COUNCIL_NAME"],
        service_name=app.config["CONSULT_SERVICE_NAME"],
        status_labels=_translated(twinning.STATUS_LABELS),
        event_kinds=_translated(twinning.EVENT_KINDS),
        role_labels=_translated(roles.ROLE_LABELS),
        invitation_kinds=_translated(invitations.KINDS),
        invitation_channels=_translated(invitations.CHANNELS),
    )
