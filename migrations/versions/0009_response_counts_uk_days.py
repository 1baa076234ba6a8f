"""Response counts by the UK calendar day (Europe/London), not the UTC day (issue 12).

The responses-over-time chart is the only reader of `response_counts.day`; every other date on
the service is shown in UK time, so a response made at 00:30 in summer belongs to that day, not
the one before. The triggers of 0007 are made again with the UK day and the counts are counted
once more from the responses.

PostgreSQL converts with its time zone database. SQLite has none, so its triggers apply the UK
rule in SQL: British Summer Time (UTC+1) runs from 01:00 UTC on the last Sunday of March to
01:00 UTC on the last Sunday of October (the first Sunday on or after the 25th). Should the rule
ever change, a new migration changes the expression here.

Revision ID: 0009
Revises: 0008
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

SHARDS = 8
KEY = ("proposal_id", "option_id", "respondent_type", "review_status", "day", "shard")
WATCHED = "option_id, respondent_type, review_status, withdrawn, proposal_id, created_at"


def _postgres():
    return op.get_bind().dialect.name == "postgresql"


def _sqlite_uk_day(column):
    def switch(month):  # 01:00 UTC on the last Sunday of the month
        return (f"datetime(date(strftime('%Y', {column}) || '-{month}-25', 'weekday 0'), "
                "'+1 hour')")

    return (f"date({column}, CASE WHEN {column} >= {switch('03')} AND {column} < {switch('10')} "
            "THEN '+1 hour' ELSE '+0 hours' END)")


def _day(row, uk):
    if _postgres():
        return f"(({row}.created_at AT TIME ZONE '{'Europe/London' if uk else 'UTC'}')::date)"
    return _sqlite_uk_day(f"{row}.created_at") if uk else f"date({row}.created_at)"


def _values(row, uk):
    return (f"{row}.proposal_id, {row}.option_id, {row}.respondent_type, {row}.review_status, "
            f"{_day(row, uk)}, {row}.id % {SHARDS}")


def _match(row, uk):
    return (f"proposal_id = {row}.proposal_id AND option_id = {row}.option_id "
            f"AND respondent_type = {row}.respondent_type "
            f"AND review_status = {row}.review_status AND day = {_day(row, uk)} "
            f"AND shard = {row}.id % {SHARDS}")


def _sqlite_add(row, condition, uk):
    return (f"INSERT OR IGNORE INTO response_counts ({', '.join(KEY)}, n) "
            f"SELECT {_values(row, uk)}, 0 WHERE {condition}; "
            f"UPDATE response_counts SET n = n + 1 WHERE {_match(row, uk)} AND {condition};")


def _sqlite_remove(row, condition, uk):
    return f"UPDATE response_counts SET n = n - 1 WHERE {_match(row, uk)} AND {condition};"


def _create_sqlite_triggers(uk):
    op.execute("CREATE TRIGGER response_counts_insert AFTER INSERT ON responses BEGIN "
               f"{_sqlite_add('NEW', 'NEW.withdrawn = 0', uk)} END")
    op.execute(f"CREATE TRIGGER response_counts_update AFTER UPDATE OF {WATCHED} ON responses "
               f"BEGIN {_sqlite_remove('OLD', 'OLD.withdrawn = 0', uk)} "
               f"{_sqlite_add('NEW', 'NEW.withdrawn = 0', uk)} END")
    op.execute("CREATE TRIGGER response_counts_delete AFTER DELETE ON responses BEGIN "
               f"{_sqlite_remove('OLD', 'OLD.withdrawn = 0', uk)} END")


def _create_postgres_function(uk):
    """The trigger of 0007 stays; its function is replaced with the other day."""
    op.execute(f"""
CREATE OR REPLACE FUNCTION consult_response_counts() RETURNS trigger AS $$
DECLARE
  old_first boolean := TG_OP = 'UPDATE' AND
    ROW(OLD.proposal_id, OLD.option_id, OLD.respondent_type, OLD.review_status)
    <= ROW(NEW.proposal_id, NEW.option_id, NEW.respondent_type, NEW.review_status);
BEGIN
  IF (TG_OP = 'DELETE' OR old_first) AND NOT OLD.withdrawn THEN
    UPDATE response_counts SET n = n - 1 WHERE {_match('OLD', uk)};
  END IF;
  IF TG_OP <> 'DELETE' AND NOT NEW.withdrawn THEN
    INSERT INTO response_counts ({', '.join(KEY)}, n) VALUES ({_values('NEW', uk)}, 1)
    ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET n = response_counts.n + 1;
  END IF;
  IF TG_OP = 'UPDATE' AND NOT old_first AND NOT OLD.withdrawn THEN
    UPDATE response_counts SET n = n - 1 WHERE {_match('OLD', uk)};
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql""")


def _recount(uk):
    op.execute("DELETE FROM response_counts")
    op.execute(f"INSERT INTO response_counts ({', '.join(KEY)}, n) "
               f"SELECT {_values('responses', uk)}, count(*) FROM responses "
               f"WHERE {'NOT withdrawn' if _postgres() else 'withdrawn = 0'} "
               f"GROUP BY {', '.join(KEY[:4])}, {_day('responses', uk)}, "
               f"responses.id % {SHARDS}")


def _change_days(uk):
    if _postgres():
        # Locked first, so no response is written between the recount and the new function.
        op.execute("LOCK TABLE responses IN SHARE ROW EXCLUSIVE MODE")
        _create_postgres_function(uk)
    else:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS response_counts_{name}")
        _create_sqlite_triggers(uk)
    _recount(uk)


def upgrade():
    _change_days(uk=True)


def downgrade():
    _change_days(uk=False)
