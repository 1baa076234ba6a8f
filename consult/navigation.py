"""Safe redirects and absolute links for emails."""

from urllib.parse import unquote, urlsplit

from flask import current_app, url_for

from .config import BASE_URL_REQUIRED, ConfigError


def _local_path(target: str) -> bool:
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    return not any(ch in target for ch in "\\\r\n\t\x00") and not urlsplit(target).netloc


def safe_next(target: str | None, default: str) -> str:
    """Follow `next` only to a relative path on this site; anything else goes to default.

    Our own addresses are printable ASCII, so anything else is refused; the target must also
    stay local once percent-decoded, in case a proxy or browser decodes it again."""
    if not target or not target.isascii() or not target.isprintable():
        return default
    if not (_local_path(target) and _local_path(unquote(target))
            and _local_path(unquote(unquote(target)))):
        return default
    return target


def external_url(endpoint: str, **values) -> str:
    """An absolute URL for mail: CONSULT_BASE_URL when set, else the request's own host."""
    base = current_app.config["CONSULT_BASE_URL"].rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    if current_app.config["CONSULT_ENV"] == "production":
        # Serving checks this at start (config.check_serving); never fall back to the Host header.
        raise ConfigError(BASE_URL_REQUIRED)
    return url_for(endpoint, _external=True, **values)
