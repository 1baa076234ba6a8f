"""Audit lanes (issue 7): residents' response entries chain in lanes 1-16 beside the main log.

`audit_entries` gains `lane` (0, the main log, for every existing entry) and its primary key
becomes (lane, seq), so each lane numbers its own entries from 1. Existing hashes are unchanged:
`lane` is hashed only outside lane 0. On SQLite the batch rebuild copies the table and drops the
old one, and its append-only triggers with it, so they are made again; on PostgreSQL the table
is altered in place and its trigger stays. The downgrade works only while lane 0 is all there is.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

TABLE = "audit_entries"


def _sqlite():
    return op.get_bind().dialect.name == "sqlite"


def _refuse_changes_on_sqlite():
    """The same triggers 0001 made: the rebuilt table is append-only again."""
    for action in ("UPDATE", "DELETE"):
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{action.lower()}")
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_{action.lower()} BEFORE {action} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: {action} refused'); END"
        )


def upgrade():
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.add_column(sa.Column('lane', sa.SmallInteger(), server_default='0',
                                      autoincrement=False, nullable=False))
        batch_op.drop_constraint('pk_audit_entries', type_='primary')
        batch_op.create_primary_key('pk_audit_entries', ['lane', 'seq'])
    if _sqlite():
        _refuse_changes_on_sqlite()


def downgrade():
    lanes = op.get_bind().execute(sa.text(f"SELECT COUNT(*) FROM {TABLE} WHERE lane <> 0"))
    if lanes.scalar_one():
        raise RuntimeError("Cannot downgrade: audit entries exist outside lane 0, and a single "
                           "chain cannot hold them. Restore a backup taken before 0008 instead.")
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_constraint('pk_audit_entries', type_='primary')
        batch_op.create_primary_key('pk_audit_entries', ['seq'])
        batch_op.drop_column('lane')
    if _sqlite():
        _refuse_changes_on_sqlite()
