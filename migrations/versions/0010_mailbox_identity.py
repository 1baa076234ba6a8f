"""Mailbox identities on responses and comment reports (issue 12).

A person is one mailbox, not one account row. `responses.respondent_identity` and
`comment_reports.reporter_identity` hold a keyed hash (HMAC-SHA256 with the app's SECRET_KEY)
of the normalised mailbox of whoever responded or reported, unique per proposal and per
comment, and kept when the account is erased, so a new account at the same mailbox cannot
respond or report a second time.

The data step fills the columns for existing rows from the account's stored address, between
adding the columns and making them NOT NULL and unique. The key is the running app's
SECRET_KEY: Flask-Migrate runs every revision inside the app (migrations/env.py reads
`current_app` too), so the same key signs rows made before and after. The normalisation rules
are copied (not imported) so that this revision keeps meaning what it meant when it shipped.
Accounts erased before this revision no longer hold their address, so their rows get the
identity of their placeholder address: they stay apart from any later account. Two existing
rows for one mailbox and one proposal (or comment), possible only for accounts made before a
rule below existed, keep counting apart: the later one gets a placeholder identity.

On SQLite making the columns NOT NULL rebuilds the tables, which drops their triggers (the
response counts of 0007); they are read before and made again after, exactly as they were.

Revision ID: 0010
Revises: 0008
"""
import hashlib
import hmac
import unicodedata

from alembic import op
from email_validator import EmailNotValidError, validate_email
from flask import current_app
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# (table, identity column, account column, the other column of the unique pair, its name)
TABLES = (
    ("responses", "respondent_identity", "user_id", "proposal_id",
     "uq_responses_proposal_respondent_identity"),
    ("comment_reports", "reporter_identity", "reporter_id", "comment_id",
     "uq_comment_reports_comment_reporter_identity"),
)
# domain/emails.py as of this revision: domain -> (mailbox domain, drops +tags, drops dots)
PROVIDERS = {
    "gmail.com": ("gmail.com", True, True), "googlemail.com": ("gmail.com", True, True),
    "icloud.com": ("icloud.com", True, False), "me.com": ("icloud.com", True, False),
    "mac.com": ("icloud.com", True, False),
    **{domain: (domain, True, False) for domain in (
        "outlook.com", "hotmail.com", "live.com", "msn.com", "outlook.co.uk", "hotmail.co.uk",
        "live.co.uk", "fastmail.com", "fastmail.fm", "protonmail.com", "proton.me", "pm.me")},
}


def _normalise(address: str) -> str:
    try:
        text = validate_email(address.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        text = address.strip()
    text = unicodedata.normalize("NFKC", text).lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or domain not in PROVIDERS:
        return text
    mailbox_domain, tags, dots = PROVIDERS[domain]
    if tags:
        local = local.split("+", 1)[0] or local
    if dots:
        local = local.replace(".", "") or local
    return f"{local}@{mailbox_domain}"


def _identity(key: bytes, address: str) -> str:
    """infrastructure/identity.py mailbox_identity, as of this revision."""
    text = f"mailbox:{_normalise(address)}"
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _fill(table_name, column, account, other):
    key = current_app.config["SECRET_KEY"].encode()
    table = sa.table(table_name, sa.column("id", sa.Integer), sa.column(column, sa.String),
                     sa.column(account, sa.Integer), sa.column(other, sa.Integer))
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("email", sa.String))
    bind = op.get_bind()
    rows = bind.execute(sa.select(table.c.id, table.c[other], users.c.email)
                        .join(users, users.c.id == table.c[account]).order_by(table.c.id)).all()
    taken = set()
    for row_id, group, email in rows:
        value = _identity(key, email)
        if (group, value) in taken:
            value = f"duplicate-{row_id}"
        taken.add((group, value))
        bind.execute(table.update().where(table.c.id == row_id).values({column: value}))


def _sqlite_triggers(table_name):
    """The triggers on a table, as created, when a batch rebuild would drop them (SQLite)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return []
    return [sql for (sql,) in bind.execute(sa.text(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t ORDER BY name"),
        {"t": table_name})]


def upgrade():
    for table_name, column, account, other, unique in TABLES:
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.String(length=64), nullable=True))
        _fill(table_name, column, account, other)
        triggers = _sqlite_triggers(table_name)
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.String(length=64), nullable=False)
            batch_op.create_unique_constraint(unique, [other, column])
        for sql in triggers:
            op.execute(sql)


def downgrade():
    for table_name, column, _account, _other, unique in reversed(TABLES):
        triggers = _sqlite_triggers(table_name)
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.drop_constraint(unique, type_='unique')
            batch_op.drop_column(column)
        for sql in triggers:
            op.execute(sql)
