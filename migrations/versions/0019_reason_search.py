"""A trigram index on responses' reasons, on PostgreSQL only (issue 17's analysis search).

The analysis page's search matches a substring of the reason in any script, ignoring case
(ILIKE). Without an index PostgreSQL reads every reason of the consultation: about 100 ms for
a common English word and 300 ms for a Russian one over 100,000 reasons. The pg_trgm
extension's GIN index finds the candidates first. pg_trgm ships with PostgreSQL and is a
trusted extension (PostgreSQL 13 and later): any role with CREATE on the database may create it.

The index is written as each reason is (fastupdate off): no list of pending entries builds up
between vacuums, which makes the planner's estimate of the index climb until it reads every
reason instead (300 ms). Writing a reason then costs about 1.4 ms more than without the index
(bench/reason_index.py).

SQLite keeps scanning: it has no such index, and its LIKE over the consultation's reasons is
fast enough there (bench/README.md). The downgrade drops the index and leaves the extension,
which other databases' objects may use.

Revision ID: 0019
Revises: 0018
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def _postgresql():
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if not _postgresql():
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index("ix_responses_reason_trgm", "responses", ["reason"], unique=False,
                    postgresql_using="gin", postgresql_ops={"reason": "gin_trgm_ops"},
                    postgresql_with={"fastupdate": "off"})


def downgrade():
    if _postgresql():
        op.drop_index("ix_responses_reason_trgm", table_name="responses")
