"""Personal data: erasure and retention markers (issue 6).

Accounts gain `anonymised_at`. Response versions stay append-only, except for the one change
that erasure and retention need: an UPDATE that blanks the personal columns (reason,
organisation, postcode district) and changes nothing else. Every other UPDATE, and every
DELETE, is still refused by the database.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

TABLE = "response_versions"
PERSONAL = ("reason", "organisation", "postcode_district")
REFUSED = f"{TABLE} is append-only: UPDATE refused"


def _postgres():
    return op.get_bind().dialect.name == "postgresql"


def _blanked(prefix: str) -> str:
    return " AND ".join(f"{prefix}.{column} = ''" for column in PERSONAL)


def _kept_columns() -> list[str]:
    """Every column but the personal ones, read from the table as earlier revisions left it."""
    columns = [column["name"] for column in sa.inspect(op.get_bind()).get_columns(TABLE)]
    return [column for column in columns if column not in PERSONAL]


def _allow_anonymising():
    if _postgres():
        unchanged = " ".join(f"- '{column}'" for column in PERSONAL)
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        op.execute(
            "CREATE OR REPLACE FUNCTION consult_response_version_anonymise() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"IF {_blanked('NEW')} "
            f"AND (to_jsonb(NEW) {unchanged}) = (to_jsonb(OLD) {unchanged}) THEN RETURN NEW; "
            f"END IF; RAISE EXCEPTION '{REFUSED}'; END $$")
        op.execute(f"CREATE TRIGGER {TABLE}_anonymise_only BEFORE UPDATE ON {TABLE} "
                   "FOR EACH ROW EXECUTE FUNCTION consult_response_version_anonymise()")
        op.execute(f"CREATE TRIGGER {TABLE}_append_only BEFORE DELETE ON {TABLE} "
                   "FOR EACH ROW EXECUTE FUNCTION consult_append_only()")
        return
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in _kept_columns())
    personal = " OR ".join(f"NEW.{column} <> ''" for column in PERSONAL)
    op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update")
    op.execute(f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
               f"WHEN {personal} OR {changed} "
               f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END")


def _refuse_every_update():
    """The triggers revision 0002 made: no UPDATE at all."""
    if _postgres():
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_anonymise_only ON {TABLE}")
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        op.execute("DROP FUNCTION IF EXISTS consult_response_version_anonymise()")
        op.execute(f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
                   "FOR EACH ROW EXECUTE FUNCTION consult_append_only()")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update")
    op.execute(f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
               f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END")


def upgrade():
    # Adding a column never rebuilds the table, so no trigger is lost on SQLite.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))
    _allow_anonymising()


def downgrade():
    _refuse_every_update()
    if _postgres():
        op.drop_column('users', 'anonymised_at')
    else:
        # Native DROP COLUMN (SQLite 3.35+): rebuilding `users` would trip the foreign keys
        # that point at it.
        op.execute("ALTER TABLE users DROP COLUMN anonymised_at")
