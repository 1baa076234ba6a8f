"""Signed-out visitors share one rendering of a public page, kept by each worker.

A page is served from the cache only while it is exactly what the view would render now:
nothing has been audited since (every change made through the service is), the clock has not
reached the next instant the page's wording depends on (a consultation opening or closing,
its days left going down), and it is at most a minute old. Pages that show totals are also
rendered again when responses change, at most every CONSULT_RESULTS_SETTLE_SECONDS (2 s by
default), so a burst of responses cannot make every view render the totals afresh. Each
hit gets its own CSP nonce.

Only GETs by someone signed out, with no message waiting for them and no query parameters
but the page's own, are cached; the rendering must hold no form token.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps

from flask import current_app, g, make_response, request, session
from flask_login import current_user
from markupsafe import Markup

from . import clock
from .i18n import current_language
from .queries import page_versions
from .security import csp_nonce

MAX_ENTRIES = 256
MAX_AGE = timedelta(seconds=60)
MAX_QUERY = 200
FORM_TOKEN = 'name="csrf_token"'  # someone's own form token: never shared


@dataclass(frozen=True)
class Entry:
    body: bytes
    nonce: str
    content_type: str
    version: tuple[int, int]
    stored: float
    expires: datetime

    def fresh(self, version: tuple[int, int], now: datetime, settle: float = 0.0) -> bool:
        if self.version[0] != version[0] or now >= self.expires:
            return False
        return self.version[1] == version[1] or time.monotonic() - self.stored < settle


class PageCache:
    """A small least-recently-used map, safe for threaded workers."""

    def __init__(self, size: int = MAX_ENTRIES):
        self.size, self._entries, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry: Entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


def pages() -> PageCache:
    """This app's cache (an app per database: tests make many in one process)."""
    return current_app.extensions.setdefault("page_cache", PageCache())


def valid_until(moment: datetime | None) -> None:
    """Called by a view: the page it renders stops being right at `moment`."""
    if moment is not None and "page_expires" in g:
        g.page_expires = min(g.page_expires, moment)


def fragment(key: tuple, render, *, expires: datetime | None = None) -> Markup:
    """A part of a page that is the same for everyone who sees it with the same `key`, kept
    while nothing has been audited since, until `expires` and for at most a minute;
    `render()` makes it."""
    if "page_version" not in g:
        g.page_version = page_versions.current()
    now, version = clock.now(), (g.page_version[0], 0)
    key = (current_language(), *key)
    entry = pages().get(("fragment", *key))
    if entry is not None and entry.fresh(version, now):
        return Markup(entry.body.decode())
    text = str(render())
    until = min(now + MAX_AGE, expires) if expires else now + MAX_AGE
    if until > now and FORM_TOKEN not in text:
        pages().put(("fragment", *key), Entry(text.encode(), "", "", version,
                                               time.monotonic(), until))
    return Markup(text)


def _key(params: tuple[str, ...], view_args: dict):
    if request.method != "GET" or len(request.query_string) > MAX_QUERY:
        return None
    if any(name not in params for name in request.args):
        return None
    if current_app.config["SESSION_COOKIE_NAME"] in request.cookies and (
            current_user.is_authenticated or session.get("_flashes")):
        return None
    return (request.endpoint, current_language(), tuple(sorted(view_args.items())),
            tuple(request.args.get(name) for name in params))


def _serve(entry: Entry):
    nonce = csp_nonce()
    body = entry.body.replace(f'nonce="{entry.nonce}"'.encode(), f'nonce="{nonce}"'.encode())
    response = current_app.response_class(body, content_type=entry.content_type)
    response.headers["X-Page-Cache"] = "hit"
    response.vary.add("Cookie")  # a shared cache must not give it to someone signed in
    return response


def _store(key, response, version: tuple[int, int], now: datetime) -> None:
    if response.status_code != 200 or response.mimetype != "text/html" \
            or response.direct_passthrough or "csp_nonce" not in g:
        return
    body = response.get_data()
    if FORM_TOKEN.encode() in body or g.page_expires <= now:
        return
    pages().put(key, Entry(body, g.csp_nonce, response.content_type, version,
                         time.monotonic(), g.page_expires))
    response.headers["X-Page-Cache"] = "miss"


def public_page(*, totals: bool = False, params: tuple[str, ...] = ()):
    """Serve the view's page from the cache to signed-out visitors while it is still right.
    `totals`: the page shows response totals; `params`: query parameters the page reads."""

    def decorate(view):
        @wraps(view)
        def wrapper(**view_args):
            key = _key(params, view_args)
            if key is None:
                return view(**view_args)
            audit_head, responses = g.page_version = page_versions.current()
            version, now = (audit_head, responses if totals else 0), clock.now()
            entry = pages().get(key)
            settle = current_app.config["CONSULT_RESULTS_SETTLE_SECONDS"]
            if entry is not None and entry.fresh(version, now, settle):
                return _serve(entry)
            g.page_expires = now + MAX_AGE
            response = make_response(view(**view_args))
            _store(key, response, version, now)
            return response

        return wrapper

    return decorate
