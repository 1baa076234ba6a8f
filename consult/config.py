"""Settings read from the environment, with a safe embedded SQLite default."""

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from .domain import abuse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIN_SECRET_LENGTH = 32


class ConfigError(RuntimeError):
    """Raised when the service must not start with the configuration it was given."""


def instance_path() -> Path:
    return Path(os.environ.get("CONSULT_INSTANCE_PATH", PROJECT_ROOT / "instance")).resolve()


def instance_file(folder: Path, name: str, generate: Callable[[], str]) -> str:
    """A generated file in the instance folder (mode 0600), made on first use. Processes that
    start together (gunicorn workers, test workers) race for it: each writes a complete
    temporary file and links it into place, and a loser reads the winner's."""
    path = folder / name
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")  # created 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(generate())
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return path.read_text().strip()


def _secret_key(folder: Path, env: str) -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        if env == "production" and len(key) < MIN_SECRET_LENGTH:
            raise ConfigError(f"SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters")
        return key
    try:
        return instance_file(folder, "secret_key", lambda: secrets.token_hex(32))
    except OSError as exc:
        raise ConfigError(f"No SECRET_KEY set and none could be generated: {exc}") from exc


def _audit_key_file(folder: Path) -> str:
    """Where the Ed25519 key that signs the audit log's head lives (made there on first start)."""
    return os.environ.get("CONSULT_AUDIT_KEY_FILE", "") or str(folder / "audit_signing_key")


def _database_url(folder: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / 'consult.sqlite3'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


BASE_URL_REQUIRED = ("CONSULT_BASE_URL must be set in production (for example "
                     "https://consult.example.gov.uk): links in emails are built from it")


def _base_url() -> str:
    """Links in emails start with this; in production a request's Host header must not choose
    (checked when serving starts: see check_serving; commands on the command line build none)."""
    return os.environ.get("CONSULT_BASE_URL", "").strip()


def _number(name: str, default, kind=int):
    """A numeric setting: refuse to start on one that is not a number."""
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return kind(value)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {value!r}") from None


def _percent(name: str, default: int) -> int:
    """A whole-number percentage setting, 0 to 100."""
    value = _number(name, default)
    if not 0 <= value <= 100:
        raise ConfigError(f"{name} must be a percentage from 0 to 100, not {value}")
    return value


def _limits(value: str) -> None:
    from limits import parse_many

    parse_many(value)


def _storage(uri: str) -> None:
    from limits.storage import SCHEMES

    scheme = uri.partition(":")[0]
    if scheme not in SCHEMES or scheme.startswith("async"):
        raise ValueError(f"{uri.partition('://')[0]!r} is not a rate-limit storage this service "
                         "can use (memory://, redis://host:6379/0, ...)")


def check_serving(settings: dict, workers: int) -> list[str]:
    """Refuse to serve with settings that are only wrong for a web server; return warnings.

    Flask-Limiter's memory:// storage counts in each worker's own memory, so with several
    workers every limit is multiplied by the number of workers."""
    production = settings["CONSULT_ENV"] == "production"
    if production and not settings["CONSULT_BASE_URL"]:
        raise ConfigError(BASE_URL_REQUIRED)
    per_worker = (workers > 1 and settings["RATELIMIT_ENABLED"]
                  and settings["RATELIMIT_STORAGE_URI"].startswith("memory://"))
    if not per_worker:
        return []
    problem = (f"rate limits would be counted per worker ({workers} workers, "
               "RATELIMIT_STORAGE_URI=memory://): set RATELIMIT_STORAGE_URI to a shared store "
               "such as redis://127.0.0.1:6379/0, or run one worker (WEB_CONCURRENCY=1)")
    if production:
        raise ConfigError(problem)
    return [problem]


def _checked(name: str, default: str, parse) -> str:
    """A setting the app parses on use: refuse to start if it cannot be parsed."""
    value = os.environ.get(name, default)
    try:
        parse(value)
    except (ValueError, LookupError) as exc:
        raise ConfigError(f"{name}: {exc}") from exc
    return value


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load() -> dict:
    """Build the Flask config mapping from the environment."""
    folder = instance_path()
    env = os.environ.get("CONSULT_ENV", "production").strip().lower()
    if env not in {"production", "development", "testing"}:
        raise ConfigError("CONSULT_ENV must be production, development or testing")
    secure = env == "production"
    return {
        "CONSULT_ENV": env,
        "INSTANCE_PATH": str(folder),
        "SECRET_KEY": _secret_key(folder, env),
        "CONSULT_AUDIT_KEY_FILE": _audit_key_file(folder),
        "SQLALCHEMY_DATABASE_URI": _database_url(folder),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 8,
        "MAX_CONTENT_LENGTH": _number("CONSULT_MAX_CONTENT_LENGTH", 12 * 1024 * 1024),
        "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": 60 * 60 * 8,
        "RATELIMIT_STORAGE_URI": _checked("RATELIMIT_STORAGE_URI", "memory://", _storage),
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # If the shared storage (Redis) stops, count in each worker's memory until it is back
        # (Flask-Limiter logs one warning), and never fail a request over a rate limit.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _number("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _flag("MAIL_USE_SSL", False),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "consult@localhost"),
        "CONSULT_COUNCIL_NAME": os.environ.get("CONSULT_COUNCIL_NAME", "Coventry City Council"),
        "CONSULT_HOME_PLACE": os.environ.get("CONSULT_HOME_PLACE", "Coventry"),
        "CONSULT_SERVICE_NAME": os.environ.get("CONSULT_SERVICE_NAME", "Twinning consultations"),
        "CONSULT_TRUSTED_PROXIES": _number("CONSULT_TRUSTED_PROXIES", 0),
        "CONSULT_BASE_URL": _base_url(),
        "CONSULT_TOKEN_MAX_AGE": _number("CONSULT_TOKEN_MAX_AGE", 60 * 60 * 24),
        "CONSULT_LOGIN_LIMIT": _checked("CONSULT_LOGIN_LIMIT", "10 per minute;50 per hour",
                                        _limits),
        "CONSULT_LOGIN_ACCOUNT_LIMIT": _checked("CONSULT_LOGIN_ACCOUNT_LIMIT", "20 per hour",
                                                _limits),
        # Shorter consultations are warned about before publishing, not refused.
        "CONSULT_MIN_CONSULTATION_DAYS": _number("CONSULT_MIN_CONSULTATION_DAYS", 42),
        # A decision taken without consultation promises a retrospective one within this many
        # days of the decision date (or records why there will be none).
        "CONSULT_RETROSPECTIVE_DAYS": _number("CONSULT_RETROSPECTIVE_DAYS", 90),
        # Respondents' reasons, organisations and postcodes go this long after the decision.
        "CONSULT_RETENTION_MONTHS": _number("CONSULT_RETENTION_MONTHS", 12),
        # Live totals on a cached results page follow new responses within this many seconds.
        "CONSULT_RESULTS_SETTLE_SECONDS": _number(
            "CONSULT_RESULTS_SETTLE_SECONDS", 2.0, float),
        "CONSULT_PRIVACY_EMAIL": os.environ.get("CONSULT_PRIVACY_EMAIL", ""),
        # Anti-abuse: allow-listed shared addresses (libraries, council offices) and the rates
        # above which responses are held for an officer's review (domain/abuse.py).
        "CONSULT_SHARED_ADDRESSES": _checked("CONSULT_SHARED_ADDRESSES", "",
                                             abuse.parse_networks),
        "CONSULT_RESPONSE_BURST_IP": _checked("CONSULT_RESPONSE_BURST_IP", "20 per hour",
                                              abuse.parse_rate),
        "CONSULT_RESPONSE_BURST_DOMAIN": _checked("CONSULT_RESPONSE_BURST_DOMAIN", "50 per hour",
                                                  abuse.parse_rate),
        # Background work (issue 14): Huey's queue on the database unless HUEY_URL names a Redis;
        # immediate mode runs each task inline (tests, or a one-process demo).
        "HUEY_URL": os.environ.get("HUEY_URL", ""),
        "HUEY_IMMEDIATE": _flag("HUEY_IMMEDIATE", False),
        # A worker that took a mail and died leaves it to be sent again after this long.
        "CONSULT_MAIL_LEASE_SECONDS": _number("CONSULT_MAIL_LEASE_SECONDS", 300),
        # A mail's row and its delivery log go this long after it was written (once sent or
        # given up).
        "CONSULT_MAIL_RETENTION_DAYS": _number("CONSULT_MAIL_RETENTION_DAYS", 90),
        "CONSULT_MAIL_BATCH": _number("CONSULT_MAIL_BATCH", 200),
        "CONSULT_FANOUT_BATCH": _number("CONSULT_FANOUT_BATCH", 1000),
        "CONSULT_FOLLOW_LIMIT": _checked("CONSULT_FOLLOW_LIMIT", "5 per minute;20 per hour",
                                         _limits),
        # Residents ask for a consultation (issue 16): days a published request takes
        # signatures, local signatures that oblige an answer, days the council has to answer,
        # and the rate of signing per account.
        "CONSULT_REQUEST_DAYS": _number("CONSULT_REQUEST_DAYS", 90),
        "CONSULT_REQUEST_THRESHOLD": _number("CONSULT_REQUEST_THRESHOLD", 500),
        "CONSULT_REQUEST_ANSWER_DAYS": _number("CONSULT_REQUEST_ANSWER_DAYS", 56),
        "CONSULT_SIGN_LIMIT": _checked("CONSULT_SIGN_LIMIT", "10 per minute;60 per hour",
                                       _limits),
        # The council's answer to what it heard (issue 17): a theme raised in at least this
        # per cent of the coded reasons needs an answer, or a public reason why not; and the
        # fourth fairness check expects at least this per cent of the reasons read before the
        # decision was recorded.
        "CONSULT_UNANSWERED_SHARE": _percent("CONSULT_UNANSWERED_SHARE", 10),
        "CONSULT_READ_THRESHOLD": _percent("CONSULT_READ_THRESHOLD", 95),
        # Only the test suite may trade hashing strength for speed.
        "CONSULT_FAST_PASSWORD_HASHING": env == "testing"
        and _flag("CONSULT_FAST_PASSWORD_HASHING", False),
    }
