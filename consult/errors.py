"""Error pages and JSON errors: a clear message, never a traceback."""

import logging
import uuid

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from .domain.i18n import N_, Text, translate

log = logging.getLogger(__name__)

# Marked with N_: a page shows them in the reader's language, JSON (for programs) in English.
MESSAGES = {
    400: N_("The request could not be understood."),
    403: N_("You do not have permission to see this page."),
    404: N_("Page not found."),
    405: N_("That action is not allowed on this page."),
    413: N_("What you sent is too large."),
    415: N_("What you sent was not a form this site accepts."),
    429: N_("Too many attempts. Wait a minute and try again."),
    500: N_("Sorry, there is a problem with the service."),
    503: N_("Sorry, the service is unavailable."),
}
# Said plainly after a POST the database could not record (a 503).
NOT_RECORDED = {"public.respond": N_("Your response has not been recorded.")}
NOT_RECORDED_DEFAULT = N_("What you sent has not been recorded.")
RETRY_AFTER_SECONDS = 60

# The database or its disk is unavailable, not a bug: SQLite's words for it, and PostgreSQL's
# SQLSTATE classes (connection, insufficient resources such as a full disk, operator
# intervention such as a shutdown, system error) plus a read-only transaction (a standby).
SQLITE_UNAVAILABLE = ("disk i/o error", "database or disk is full", "unable to open database",
                      "readonly database", "database is locked")
POSTGRES_UNAVAILABLE = ("08", "53", "57", "58")
READ_ONLY_TRANSACTION = "25006"


def database_unavailable(exc: BaseException) -> bool:
    """The database (or the disk under it) did not answer or could not write."""
    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    state = getattr(exc.orig, "sqlstate", None)
    if state:
        return state[:2] in POSTGRES_UNAVAILABLE or state == READ_ONLY_TRANSACTION
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    if type(exc.orig).__module__.startswith("sqlite3"):
        return any(words in str(exc.orig).lower() for words in SQLITE_UNAVAILABLE)
    return True  # the driver could not reach the server at all


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _render(status: int, message: str, incident: str | None = None,
            errors: dict | None = None, not_recorded: str | None = None):
    if wants_json():
        body = {"status": status, "message": message}
        if errors:
            body["errors"] = errors
        if incident:
            body["incident"] = incident
        if not_recorded:
            body["recorded"] = False
        return jsonify(body), status
    template = f"errors/{status}.html" if status in (403, 404) else "errors/generic.html"
    if status >= 500:
        g.error_page = True  # the page's language is chosen without asking the database
    try:
        # error_page: the layout leaves out whatever needs the signed-in user (the database).
        return render_template(template, status=status, message=_shown(message),
                               incident=incident, not_recorded=_shown(not_recorded),
                               error_page=True), status
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        log.exception("Could not render the %s page", status)
        return PLAIN_PAGE.format(message=escape(message), incident=escape(incident or "-"),
                                 not_recorded=escape(not_recorded or "")), status


def _shown(text: str | None) -> str | None:
    """Our own (marked) words in the reader's language; anything else (a library's English
    description, an API view's message) as it is."""
    return translate(text) if isinstance(text, Text) else text


# Used only when the error page could not be rendered: that may be the translation machinery
# failing (a catalogue, a translation's %-format, the choice of language), so it stays English
# and asks nothing of gettext.
PLAIN_PAGE = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
              "<title>{message}</title></head><body><h1>{message}</h1><p>{not_recorded}</p>"
              "<p>Try again later. If you contact us about this, quote incident "
              "<strong>{incident}</strong>.</p></body></html>")


def handle_http(exc: HTTPException):
    status = exc.code or 500
    if status >= 500:
        return handle_unexpected(exc)
    # An API view or webargs may say more: abort(404, message=...) or the rejected parameters.
    data = getattr(exc, "data", None) or {}
    message = data.get("message") or MESSAGES.get(status) or exc.description or \
        N_("Something went wrong.")
    errors = data.get("errors") or data.get("messages")
    if errors and status == 400 and "message" not in data:
        message = N_("Some parameters were not accepted: see errors.")
    response = make_response(_render(status, message, errors=errors))
    if status == 405 and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def handle_csrf(exc: CSRFError):
    return _render(400, N_("Your form could not be sent because it had expired or was not "
                           "sent from this site. Go back, reload the page and try again."))


def handle_unexpected(exc: Exception):
    incident = uuid.uuid4().hex[:12]
    original = getattr(exc, "original_exception", None) or exc
    if database_unavailable(original):
        return handle_unavailable(original, incident)
    log.error("Incident %s on %s %s", incident, request.method, request.path, exc_info=original)
    return _render(500, MESSAGES[500], incident)


def handle_unavailable(exc: BaseException, incident: str):
    """The database or its disk is unavailable: a 503 on the service's own page; after a POST,
    say plainly that nothing was recorded."""
    reason = (str(getattr(exc, "orig", exc)).strip().splitlines() or [""])[0]
    log.error("Incident %s on %s %s: the database is unavailable (%s: %s)", incident,
              request.method, request.path, type(exc).__name__, reason)
    not_recorded = None
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        not_recorded = NOT_RECORDED.get(request.endpoint or "", NOT_RECORDED_DEFAULT)
    response = make_response(_render(503, MESSAGES[503], incident, not_recorded=not_recorded))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
