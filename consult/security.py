"""Security headers on every response, with a per-request CSP nonce."""

import secrets

from flask import Flask, abort, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.utils import cached_property


class Utf8Args:
    """Mixed into the app's request class: a query string that is not UTF-8 reads as no
    arguments instead of raising in whichever hook or view reads it first (the request is
    refused with a 400 before any view runs)."""

    @cached_property
    def args(self):
        if not _utf8(self.query_string):
            return self.parameter_storage_class()
        return super().args


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode()
    except UnicodeDecodeError:
        return False
    return True


def csp_nonce() -> str:
    """This response's nonce, made on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def _csp(nonce: str) -> str:
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def set_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = _csp(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    # Read from the config, not set by a before_request hook: a hook that aborts first
    # (CSRF, rate limit, too large) would otherwise leave its error page without HSTS.
    if current_app.config["CONSULT_ENV"] == "production":
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if _signed_in() and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
        headers["Vary"] = "Cookie"
    return response


def _signed_in() -> bool:
    """From the session and whoever this request signed in, never from the database (an error
    page must not need it)."""
    user = g.get("_login_user")
    if user is not None:
        return bool(user.is_authenticated)
    if current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
        return True
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return False  # no session came with the request, and no one signed in during it
    return "_user_id" in session


def refuse_nul_bytes():
    """No address or query holds a NUL byte legitimately, and PostgreSQL cannot compare one.
    A query string that is not UTF-8 (raw bytes a browser would have percent-encoded) is
    refused here too, before anything reads request.args and fails on it."""
    if not _utf8(request.query_string) or "\x00" in request.path or any(
            "\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
        abort(400)


def refuse_large_bodies():
    """Only a file upload (multipart) may be large; Werkzeug caps multipart text parts at
    MAX_FORM_MEMORY_SIZE but reads any other body whole, up to MAX_CONTENT_LENGTH."""
    limit = current_app.config.get("MAX_FORM_MEMORY_SIZE")
    if limit and (request.content_length or 0) > limit \
            and request.mimetype != "multipart/form-data":
        abort(413)


FORM_TYPES = {"", "application/x-www-form-urlencoded", "multipart/form-data"}


def refuse_other_bodies():
    """Every change is made through an HTML form, so a body of any other type (JSON, XML,
    text) is refused rather than read as form fields."""
    if request.method not in ("GET", "HEAD", "OPTIONS") and request.mimetype not in FORM_TYPES:
        abort(415)


def screen_request():
    """The checks every request passes before anything else reads it, as one hook (Flask's
    cost per hook is paid on every request)."""
    refuse_large_bodies()
    refuse_other_bodies()
    refuse_nul_bytes()


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building a signer for a request that brought
    no session cookie (most public page views)."""

    def open_session(self, app: Flask, request):
        if self.get_cookie_name(app) not in request.cookies and app.secret_key:
            return self.session_class()
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    # Keeps the request class set before (forms_base reads bad bytes in forms as U+FFFD).
    app.request_class = type("Request", (Utf8Args, app.request_class), {})
    app.session_interface = CookieSessions()
    # First of all hooks: before CSRF protection reads the form and before the clock's work.
    app.before_request_funcs.setdefault(None, []).insert(0, screen_request)

    app.after_request(set_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
