"""Feedback: the council's "you said, we did" gets its own word (issue 13).

A response is a resident's vote and reason; the council's published reply to a closed
consultation is its feedback. `consultation_responses` and `consultation_response_notes` become
`feedback` and `feedback_notes`, the notes' `response_id` and `decisions.response_id` become
`feedback_id`, and every key, constraint and index is named by the convention for its new
table and column.

The rows are copied into tables made under the new names, keeping their ids (audit entries
name them), and the old tables are dropped; on PostgreSQL the new id sequences start after the
copied ids. The new tables are append-only, as the old ones were. Renaming the column rebuilds
`decisions` on SQLite, which drops its seal triggers: they are read before and made again
after, naming the column by its new name. The downgrade does the same the other way round.

Left as they were, because they are public record: link history entries of the kind
"consultation_response" (the kind is hashed into the audit log with each entry, and the API,
the CSV downloads and the Atom feeds export it) and the audit log itself (hash-chained and
append-only, its action names and details included).

Revision ID: 0011
Revises: 0010
"""
from collections import namedtuple
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

Names = namedtuple("Names", "table notes column")
OLD = Names("consultation_responses", "consultation_response_notes", "response_id")
NEW = Names("feedback", "feedback_notes", "feedback_id")
COLUMNS = "id, proposal_id, summary, totals, themes, published_at, published_by_id, published_by"
NOTE_COLUMNS = "id, {}, body, created_at, author_id, author"


def _postgres():
    return op.get_bind().dialect.name == "postgresql"


def _create(names):
    """The two tables under one set of names, as 0003 made them under the old ones."""
    table, notes, column = names
    op.create_table(table,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('totals', sa.JSON(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_by', sa.String(length=140), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f(f'fk_{table}_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f(f'fk_{table}_published_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
    sa.UniqueConstraint('proposal_id', name=op.f(f'uq_{table}_proposal_id'))
    )
    op.create_table(notes,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column(column, sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author', sa.String(length=140), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f(f'fk_{notes}_author_id_users')),
    sa.ForeignKeyConstraint([column], [f'{table}.id'], name=op.f(f'fk_{notes}_{column}_{table}')),
    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{notes}'))
    )
    op.create_index(op.f(f'ix_{notes}_{column}'), notes, [column], unique=False)


def _copy(source, target):
    """Every row, ids included; PostgreSQL's sequences then carry on after the last id."""
    op.execute(f"INSERT INTO {target.table} ({COLUMNS}) SELECT {COLUMNS} FROM {source.table}")
    op.execute(f"INSERT INTO {target.notes} ({NOTE_COLUMNS.format(target.column)}) "
               f"SELECT {NOTE_COLUMNS.format(source.column)} FROM {source.notes}")
    if _postgres():
        for table in (target.table, target.notes):
            op.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}")


def _sqlite_triggers(table_name):
    """The triggers on a table, as created, when a batch rebuild would drop them (SQLite)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return []
    return [sql for (sql,) in bind.execute(sa.text(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t ORDER BY name"),
        {"t": table_name})]


def _repoint_decisions(source, target):
    """decisions' column renamed and its foreign key on the target table; the seal kept.

    Two batches: in one, SQLite's rebuild would leave out a key on a column it renames."""
    triggers = _sqlite_triggers("decisions")
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f(f'fk_decisions_{source.column}_{source.table}'), type_='foreignkey')
        batch_op.alter_column(source.column, new_column_name=target.column,
                              existing_type=sa.Integer(), existing_nullable=True)
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_foreign_key(op.f(f'fk_decisions_{target.column}_{target.table}'),
                                    target.table, [target.column], ['id'])
    for sql in triggers:
        op.execute(re.sub(rf"\b{source.column}\b", target.column, sql))


def _refuse_changes(table):
    """The append-only triggers 0003 made, for a table of the new name: no UPDATE, no DELETE."""
    if _postgres():
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION consult_append_only()"
        )
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {action} refused'); END"
        )


def _move(source, target):
    _create(target)
    _copy(source, target)
    _repoint_decisions(source, target)
    op.drop_table(source.notes)  # its index and its triggers go with it
    op.drop_table(source.table)
    for table in (target.table, target.notes):
        _refuse_changes(table)


def upgrade():
    _move(OLD, NEW)


def downgrade():
    _move(NEW, OLD)
