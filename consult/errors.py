"""Error pages and JSON errors: a clear message, never a traceback."""

import logging
import uuid

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have permission to see this page.",
    404: "Page not found.",
    405: "That action is not allowed on this page.",
    413: "What you sent is too large.",
    415: "What you sent was not a form this site accepts.",
    429: "Too many attempts. Wait a minute and try again.",
    500: "Sorry, there is a problem with the service.",
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _render(status: int, message: str, incident: str | None = None,
            errors: dict | None = None):
    if wants_json():
        body = {"status": status, "message": message}
        if errors:
            body["errors"] = errors
        if incident:
            body["incident"] = incident
        return jsonify(body), status
    template = f"errors/{status}.html" if status in (403, 404) else "errors/generic.html"
    return render_template(template, status=status, message=message, incident=incident), status


def handle_http(exc: HTTPException):
    status = exc.code or 500
    if status >= 500:
        return handle_unexpected(exc)
    # An API view or webargs may say more: abort(404, message=...) or the rejected parameters.
    data = getattr(exc, "data", None) or {}
    message = data.get("message") or MESSAGES.get(status) or exc.description or \
        "Something went wrong."
    errors = data.get("errors") or data.get("messages")
    if errors and status == 400 and "message" not in data:
        message = "Some parameters were not accepted: see errors."
    response = make_response(_render(status, message, errors=errors))
    if status == 405 and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def handle_csrf(exc: CSRFError):
    return _render(400, "Your form could not be sent because it had expired or was not "
                        "sent from this site. Go back, reload the page and try again.")


def handle_unexpected(exc: Exception):
    incident = uuid.uuid4().hex[:12]
    original = getattr(exc, "original_exception", None) or exc
    log.error("Incident %s on %s %s", incident, request.method, request.path, exc_info=original)
    return _render(500, MESSAGES[500], incident)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
