"""Migrations build exactly the models' schema, and go down to nothing and back up again."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from consult import create_app
from consult.extensions import db
from consult.models.base import made_on
from tests import databases

APP_TABLES = {"users", "twin_links", "link_sources", "link_events", "audit_entries", "proposals",
              "proposal_options", "proposal_documents", "proposal_notes", "responses",
              "response_versions", "comments", "comment_reports", "moderation_actions",
              "feedback", "feedback_notes", "decisions", "subscriptions", "notifications",
              "mails", "digest_items", "mail_attempts", "proposal_translations",
              "proposal_invitations", "response_counts",
              "consultation_requests", "request_signatures", "themes", "reason_tags",
              "reason_reads", "analysis_runs", "analysis_groups", "analysis_members"}


@pytest.fixture
def empty_database_url(tmp_path):
    """A database nobody else uses: a new SQLite file, or a new PostgreSQL database."""
    pg_url = databases.postgres_url()
    if not pg_url:
        yield databases.sqlite_url(tmp_path / "migrations.sqlite3")
        return
    url = databases.create_run_database(pg_url, "migrations")
    yield url
    databases.drop_run_database(pg_url, url)


@pytest.fixture
def migration_app(empty_database_url):
    application = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with application.app_context():
        yield application
        db.engine.dispose()


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def _differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": made_on(connection.dialect.name)})
        return compare_metadata(context, db.metadata)


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(migration_app):
    upgrade()
    assert _tables() == APP_TABLES
    assert _differences() == []


def test_downgrading_to_base_removes_everything_and_upgrading_again_works(migration_app):
    upgrade()
    downgrade(revision="base")
    assert _tables() == set()
    upgrade()
    assert _tables() == APP_TABLES
    assert _differences() == []


def test_the_append_only_triggers_come_back_after_a_round_trip(migration_app):
    upgrade()
    downgrade(revision="base")
    upgrade()
    with db.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO audit_entries (seq, occurred_at, actor, action, subject, details, "
            "prev_hash, hash) VALUES (1, CURRENT_TIMESTAMP, 'a', 'b', 'c', '{}', 'p', 'h')"))
    with pytest.raises(sa.exc.DatabaseError), db.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_entries"))
