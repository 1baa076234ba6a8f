"""Response counts kept in step with responses by database triggers (issue 7).

Pages read totals from `response_counts` instead of counting responses. Triggers on
`responses` change the counts in the same transaction as every insert, update of a counted
column and delete, on SQLite and PostgreSQL alike; existing responses are counted once here.
On PostgreSQL the two counter rows an update touches are always changed in key order, so two
updates cannot deadlock on them.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

SHARDS = 8
KEY = ("proposal_id", "option_id", "respondent_type", "review_status", "day", "shard")
WATCHED = "option_id, respondent_type, review_status, withdrawn, proposal_id, created_at"


def _postgres():
    return op.get_bind().dialect.name == "postgresql"


def _day(row):
    if _postgres():
        return f"(({row}.created_at AT TIME ZONE 'UTC')::date)"
    return f"date({row}.created_at)"


def _values(row):
    return (f"{row}.proposal_id, {row}.option_id, {row}.respondent_type, {row}.review_status, "
            f"{_day(row)}, {row}.id % {SHARDS}")


def _match(row):
    return (f"proposal_id = {row}.proposal_id AND option_id = {row}.option_id "
            f"AND respondent_type = {row}.respondent_type "
            f"AND review_status = {row}.review_status AND day = {_day(row)} "
            f"AND shard = {row}.id % {SHARDS}")


def _sqlite_add(row, condition):
    return (f"INSERT OR IGNORE INTO response_counts ({', '.join(KEY)}, n) "
            f"SELECT {_values(row)}, 0 WHERE {condition}; "
            f"UPDATE response_counts SET n = n + 1 WHERE {_match(row)} AND {condition};")


def _sqlite_remove(row, condition):
    return f"UPDATE response_counts SET n = n - 1 WHERE {_match(row)} AND {condition};"


def _create_sqlite_triggers():
    op.execute("CREATE TRIGGER response_counts_insert AFTER INSERT ON responses BEGIN "
               f"{_sqlite_add('NEW', 'NEW.withdrawn = 0')} END")
    op.execute(f"CREATE TRIGGER response_counts_update AFTER UPDATE OF {WATCHED} ON responses "
               f"BEGIN {_sqlite_remove('OLD', 'OLD.withdrawn = 0')} "
               f"{_sqlite_add('NEW', 'NEW.withdrawn = 0')} END")
    op.execute("CREATE TRIGGER response_counts_delete AFTER DELETE ON responses BEGIN "
               f"{_sqlite_remove('OLD', 'OLD.withdrawn = 0')} END")


def _create_postgres_triggers():
    op.execute(f"""
CREATE FUNCTION consult_response_counts() RETURNS trigger AS $$
DECLARE
  old_first boolean := TG_OP = 'UPDATE' AND
    ROW(OLD.proposal_id, OLD.option_id, OLD.respondent_type, OLD.review_status)
    <= ROW(NEW.proposal_id, NEW.option_id, NEW.respondent_type, NEW.review_status);
BEGIN
  IF (TG_OP = 'DELETE' OR old_first) AND NOT OLD.withdrawn THEN
    UPDATE response_counts SET n = n - 1 WHERE {_match('OLD')};
  END IF;
  IF TG_OP <> 'DELETE' AND NOT NEW.withdrawn THEN
    INSERT INTO response_counts ({', '.join(KEY)}, n) VALUES ({_values('NEW')}, 1)
    ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET n = response_counts.n + 1;
  END IF;
  IF TG_OP = 'UPDATE' AND NOT old_first AND NOT OLD.withdrawn THEN
    UPDATE response_counts SET n = n - 1 WHERE {_match('OLD')};
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql""")
    op.execute(f"CREATE TRIGGER response_counts_keep AFTER INSERT OR DELETE OR UPDATE OF "
               f"{WATCHED} ON responses FOR EACH ROW EXECUTE FUNCTION consult_response_counts()")


def _count_existing():
    op.execute(f"INSERT INTO response_counts ({', '.join(KEY)}, n) "
               f"SELECT {_values('responses')}, count(*) FROM responses "
               f"WHERE {'NOT withdrawn' if _postgres() else 'withdrawn = 0'} "
               f"GROUP BY {', '.join(KEY[:4])}, {_day('responses')}, "
               f"responses.id % {SHARDS}")


def upgrade():
    op.create_table(
        'response_counts',
        sa.Column('proposal_id', sa.Integer(), nullable=False),
        sa.Column('option_id', sa.Integer(), nullable=False),
        sa.Column('respondent_type', sa.String(length=30), nullable=False),
        sa.Column('review_status', sa.String(length=12), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('shard', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.CheckConstraint('n >= 0', name=op.f('ck_response_counts_not_negative')),
        sa.ForeignKeyConstraint(['option_id'], ['proposal_options.id'],
                                name=op.f('fk_response_counts_option_id_proposal_options')),
        sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'],
                                name=op.f('fk_response_counts_proposal_id_proposals')),
        sa.PrimaryKeyConstraint(*KEY, name=op.f('pk_response_counts')),
    )
    _count_existing()
    if _postgres():
        _create_postgres_triggers()
    else:
        _create_sqlite_triggers()


def downgrade():
    if _postgres():
        op.execute("DROP TRIGGER IF EXISTS response_counts_keep ON responses")
        op.execute("DROP FUNCTION IF EXISTS consult_response_counts()")
    else:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS response_counts_{name}")
    op.drop_table('response_counts')
