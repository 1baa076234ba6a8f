"""Set-based writes both databases run as one statement: INSERT ... SELECT with a conflict
clause. SQLite and PostgreSQL share the `ON CONFLICT ... DO NOTHING / DO UPDATE` and
`RETURNING` syntax, but SQLAlchemy builds it with each dialect's own insert construct."""

from sqlalchemy.dialects import postgresql, sqlite

from ..models import db


def insert(model):
    """An INSERT for the app's database that takes `.on_conflict_do_nothing()` and
    `.on_conflict_do_update()`."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(model)
