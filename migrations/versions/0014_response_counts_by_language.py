"""Response counts by the language each response was written in (issue 15).

The results page says how many responses came in each language and can be filtered by it, from
the counts the database keeps, as every other total is. `response_counts` gains `language` in
its key; the triggers of 0009 are made again with it (the UK day kept), and the counts are
counted once more from the responses. Responses from before 0013 have the language "".

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

SHARDS = 8
WATCHED = "option_id, respondent_type, review_status, withdrawn, proposal_id, created_at"


def _postgres():
    return op.get_bind().dialect.name == "postgresql"


def _key(languages):
    return ("proposal_id", "option_id", "respondent_type", "review_status",
            *(("language",) if languages else ()), "day", "shard")


def _sqlite_uk_day(column):
    def switch(month):  # 01:00 UTC on the last Sunday of the month (as in 0009)
        return (f"datetime(date(strftime('%Y', {column}) || '-{month}-25', 'weekday 0'), "
                "'+1 hour')")

    return (f"date({column}, CASE WHEN {column} >= {switch('03')} AND {column} < {switch('10')} "
            "THEN '+1 hour' ELSE '+0 hours' END)")


def _day(row):
    if _postgres():
        return f"(({row}.created_at AT TIME ZONE 'Europe/London')::date)"
    return _sqlite_uk_day(f"{row}.created_at")


def _values(row, languages):
    language = f"{row}.language, " if languages else ""
    return (f"{row}.proposal_id, {row}.option_id, {row}.respondent_type, {row}.review_status, "
            f"{language}{_day(row)}, {row}.id % {SHARDS}")


def _match(row, languages):
    language = f"AND language = {row}.language " if languages else ""
    return (f"proposal_id = {row}.proposal_id AND option_id = {row}.option_id "
            f"AND respondent_type = {row}.respondent_type "
            f"AND review_status = {row}.review_status {language}AND day = {_day(row)} "
            f"AND shard = {row}.id % {SHARDS}")


def _sqlite_add(row, condition, languages):
    return (f"INSERT OR IGNORE INTO response_counts ({', '.join(_key(languages))}, n) "
            f"SELECT {_values(row, languages)}, 0 WHERE {condition}; "
            f"UPDATE response_counts SET n = n + 1 WHERE {_match(row, languages)} "
            f"AND {condition};")


def _sqlite_remove(row, condition, languages):
    return (f"UPDATE response_counts SET n = n - 1 WHERE {_match(row, languages)} "
            f"AND {condition};")


def _sqlite_triggers(languages):
    watched = WATCHED + (", language" if languages else "")
    for name in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS response_counts_{name}")
    op.execute("CREATE TRIGGER response_counts_insert AFTER INSERT ON responses BEGIN "
               f"{_sqlite_add('NEW', 'NEW.withdrawn = 0', languages)} END")
    op.execute(f"CREATE TRIGGER response_counts_update AFTER UPDATE OF {watched} ON responses "
               f"BEGIN {_sqlite_remove('OLD', 'OLD.withdrawn = 0', languages)} "
               f"{_sqlite_add('NEW', 'NEW.withdrawn = 0', languages)} END")
    op.execute("CREATE TRIGGER response_counts_delete AFTER DELETE ON responses BEGIN "
               f"{_sqlite_remove('OLD', 'OLD.withdrawn = 0', languages)} END")


def _postgres_function(languages):
    """The trigger of 0007 stays; its function is replaced. Rows are changed in key order so
    that two updates never wait on each other's counter rows the other way round."""
    language = ", OLD.language" if languages else ""
    new_language = ", NEW.language" if languages else ""
    op.execute(f"""
CREATE OR REPLACE FUNCTION consult_response_counts() RETURNS trigger AS $$
DECLARE
  old_first boolean := TG_OP = 'UPDATE' AND
    ROW(OLD.proposal_id, OLD.option_id, OLD.respondent_type, OLD.review_status{language})
    <= ROW(NEW.proposal_id, NEW.option_id, NEW.respondent_type, NEW.review_status{new_language});
BEGIN
  IF (TG_OP = 'DELETE' OR old_first) AND NOT OLD.withdrawn THEN
    UPDATE response_counts SET n = n - 1 WHERE {_match('OLD', languages)};
  END IF;
  IF TG_OP <> 'DELETE' AND NOT NEW.withdrawn THEN
    INSERT INTO response_counts ({', '.join(_key(languages))}, n)
    VALUES ({_values('NEW', languages)}, 1)
    ON CONFLICT ({', '.join(_key(languages))}) DO UPDATE SET n = response_counts.n + 1;
  END IF;
  IF TG_OP = 'UPDATE' AND NOT old_first AND NOT OLD.withdrawn THEN
    UPDATE response_counts SET n = n - 1 WHERE {_match('OLD', languages)};
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql""")
    # The trigger must also fire when only the language changes.
    op.execute("DROP TRIGGER IF EXISTS response_counts_keep ON responses")
    columns = WATCHED + (", language" if languages else "")
    op.execute(f"CREATE TRIGGER response_counts_keep AFTER INSERT OR DELETE OR UPDATE OF "
               f"{columns} ON responses FOR EACH ROW EXECUTE FUNCTION consult_response_counts()")


def _table(languages):
    op.drop_table("response_counts")
    key = [sa.Column("proposal_id", sa.Integer(), nullable=False),
           sa.Column("option_id", sa.Integer(), nullable=False),
           sa.Column("respondent_type", sa.String(length=30), nullable=False),
           sa.Column("review_status", sa.String(length=12), nullable=False)]
    if languages:
        key.append(sa.Column("language", sa.String(length=8), nullable=False))
    op.create_table(
        "response_counts", *key,
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("shard", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.CheckConstraint("n >= 0", name=op.f("ck_response_counts_not_negative")),
        sa.ForeignKeyConstraint(["option_id"], ["proposal_options.id"],
                                name=op.f("fk_response_counts_option_id_proposal_options")),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"],
                                name=op.f("fk_response_counts_proposal_id_proposals")),
        sa.PrimaryKeyConstraint(*_key(languages), name=op.f("pk_response_counts")))


def _recount(languages):
    key = _key(languages)
    op.execute(f"INSERT INTO response_counts ({', '.join(key)}, n) "
               f"SELECT {_values('responses', languages)}, count(*) FROM responses "
               f"WHERE {'NOT withdrawn' if _postgres() else 'withdrawn = 0'} "
               f"GROUP BY {', '.join(key[:-2])}, {_day('responses')}, "
               f"responses.id % {SHARDS}")


def _change(languages):
    if _postgres():
        # Locked first, so no response is written between the recount and the new function.
        op.execute("LOCK TABLE responses IN SHARE ROW EXCLUSIVE MODE")
    _table(languages)
    if _postgres():
        _postgres_function(languages)
    else:
        _sqlite_triggers(languages)
    _recount(languages)


def upgrade():
    _change(languages=True)


def downgrade():
    _change(languages=False)
