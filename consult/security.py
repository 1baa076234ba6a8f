"""Security headers on every response, with a per-request CSP nonce."""

import secrets

from flask import Flask, abort, g, request
from flask_login import current_user


def _nonce() -> str:
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
    headers["Content-Security-Policy"] = _csp(_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if g.get("hsts"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if _signed_in() and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
        headers["Vary"] = "Cookie"
    return response


def _signed_in() -> bool:
    try:
        return bool(current_user and current_user.is_authenticated)
    except Exception:  # noqa: BLE001 - outside a request context the answer is no
        return False


def refuse_nul_bytes():
    """No address or query holds a NUL byte legitimately, and PostgreSQL cannot compare one."""
    if "\x00" in request.path or any("\x00" in key or "\x00" in value
                                      for key, value in request.args.items(multi=True)):
        abort(400)


def init_app(app: Flask) -> None:
    production = app.config["CONSULT_ENV"] == "production"

    @app.before_request
    def _mark_hsts():
        g.hsts = production

    app.before_request(refuse_nul_bytes)

    app.after_request(set_headers)
    app.jinja_env.globals["csp_nonce"] = _nonce
