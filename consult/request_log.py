"""One log line per request, and a request id on every log record made while it runs.

Nothing personal is logged: no query-string values except a few known-harmless ones, no
one-time tokens (a route with a `<token>` logs its pattern instead), no addresses, no bodies.
"""

import logging
import re
import secrets
import time

from flask import Flask, g, has_request_context, request

log = logging.getLogger("consult.request")

HEADER = "X-Request-ID"
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
# Path arguments that are secrets or identify a person: logged as their <name> only.
HIDDEN_ARGUMENTS = frozenset({"token", "code", "email"})
# Query parameters whose values are filters or page numbers; every other value is hidden.
SHOWN_PARAMETERS = frozenset({"page", "per_page", "status", "sort", "order", "option",
                              "country", "link", "outcome", "year", "consulted", "action"})
SHOWN_VALUE = re.compile(r"[A-Za-z0-9_-]{1,40}")
FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


class RequestIdFilter(logging.Filter):
    """Stamps every record with the id of the request being served ("-" outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = g.get("request_id") if has_request_context() else None
        record.request_id = request_id or getattr(record, "request_id", "-")
        return True


def request_id_from(header: str | None, trusted_proxies: int) -> str:
    """A proxy's id is kept only behind a trusted proxy and only if it is a plain token."""
    if trusted_proxies and header and SAFE_ID.fullmatch(header):
        return header
    return secrets.token_hex(16)


def _query(args) -> str:
    shown = []
    for key, value in args.items(multi=True):
        if key in SHOWN_PARAMETERS and SHOWN_VALUE.fullmatch(value):
            shown.append(f"{key}={value}")
        else:
            shown.append(f"{key}=-" if SHOWN_VALUE.fullmatch(key) else "-")
    return "?" + "&".join(shown) if shown else ""


def loggable_path() -> str:
    """The path, with hidden arguments replaced by their names, and a filtered query."""
    rule, arguments = request.url_rule, request.view_args or {}
    if rule is not None and HIDDEN_ARGUMENTS & set(arguments):
        path = rule.rule
    elif rule is not None:
        path = request.path
    else:
        # No route matched: whatever was typed is not repeated (it could be anything).
        path = "(no route)"
    return path + _query(request.args)


def _start(trusted_proxies: int) -> None:
    g.request_id = request_id_from(request.headers.get(HEADER), trusted_proxies)
    g.request_started = time.perf_counter()


def _finish(response):
    if "request_id" not in g:  # a hook that ran before ours refused the request
        _start(0)
    started = g.request_started
    response.headers[HEADER] = g.request_id
    log.info("%s %s %s %.1fms", request.method, loggable_path(), response.status_code,
             (time.perf_counter() - started) * 1000)
    return response


def _install_filter() -> None:
    """Every handler on the root logger stamps the request id; added once per handler."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(item, RequestIdFilter) for item in handler.filters):
            handler.addFilter(RequestIdFilter())


def init_app(app: Flask) -> None:
    """Register first, so the id exists before any other hook runs and logs."""
    _install_filter()
    logging.getLogger("consult").setLevel(logging.INFO)
    proxies = int(app.config.get("CONSULT_TRUSTED_PROXIES", 0))

    @app.before_request
    def _begin():
        _start(proxies)

    app.after_request(_finish)
