"""Background work on Huey: the task queue that sends notifications and account mail.

One Huey instance for the package. Its storage follows the settings (`configure`): Redis when
HUEY_URL is redis://…, PostgreSQL when the database is, otherwise a SQLite file beside the
database in instance/; immediate mode (HUEY_IMMEDIATE) runs each task inline, in-process.
`consult worker` runs Huey's consumer with the periodic tasks (tasks/jobs.py). A task calls
services; it holds no rules of its own.
"""

from pathlib import Path

from flask import Flask
from huey import Huey
from huey.storage import MemoryStorage, PostgresStorage, RedisStorage, SqliteStorage

from ..config import ConfigError

huey = Huey("consult", results=False, utc=True, storage_class=MemoryStorage)
_state: dict = {"app": None, "storage": None}


def storage_settings(config: dict) -> tuple[type, dict]:
    """Which Huey storage the settings name, and how to reach it."""
    url = config.get("HUEY_URL", "")
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}
    if url.startswith("sqlite:///"):
        return SqliteStorage, {"filename": url.removeprefix("sqlite:///")}
    if url:
        raise ConfigError("HUEY_URL must be redis://host:6379/0 or sqlite:///path "
                          "(or unset, to keep the queue in the database)")
    database = config["SQLALCHEMY_DATABASE_URI"]
    if database.startswith("postgresql"):
        dsn = "postgresql://" + database.split("://", 1)[1]
        # its tables (huey_*) are made by `consult worker` when it starts, not by every
        # process that opens the app (a migration check, a test run)
        return PostgresStorage, {"dsn": dsn, "create_tables": False}
    return SqliteStorage, {"filename": str(Path(config["INSTANCE_PATH"]) / "huey.sqlite3")}


def configure(app: Flask) -> None:
    """Point the queue at this app's storage (once per distinct setting) and let the outbox
    hand it work."""
    from . import jobs

    _state["app"] = app
    immediate = bool(app.config["HUEY_IMMEDIATE"])
    huey.immediate = immediate
    if not immediate:
        storage_class, kwargs = storage_settings(app.config)
        wanted = (storage_class, tuple(sorted(kwargs.items())))
        if _state["storage"] != wanted:
            huey.storage = storage_class(huey.name, **kwargs)
            _state["storage"] = wanted
    else:
        _state["storage"] = None
    jobs.connect()


def current_app_for_tasks() -> Flask:
    app = _state["app"]
    if app is None:
        raise RuntimeError("The task queue has no app: create_app() configures it")
    return app
