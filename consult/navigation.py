"""Safe redirects and absolute links for emails."""

from urllib.parse import urlsplit

from flask import current_app, url_for


def safe_next(target: str | None, default: str) -> str:
    """Follow `next` only to a relative path on this site; anything else goes to default."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(ch in target for ch in "\\\r\n\t\x00") or urlsplit(target).netloc:
        return default
    return target


def external_url(endpoint: str, **values) -> str:
    """An absolute URL for mail: CONSULT_BASE_URL when set, else the request's own host."""
    base = current_app.config["CONSULT_BASE_URL"].rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
