"""Accounts and sessions: session versions, two-factor secrets, normalised emails (issue 6).

Users gain `session_version` (part of every session cookie: raising it signs out every
earlier session), `totp_secret` and `totp_last_step` (optional two-factor sign-in for staff)
and `email_normalised` (the mailbox an address reaches, unique).

The data step that fills `email_normalised` for existing accounts runs here, between adding
the column and making it NOT NULL and unique, because the constraint cannot exist without it.
The rule is copied (not imported) so that this revision keeps meaning what it meant when it
shipped. Two existing accounts for one mailbox keep working: the older one gets the
normalised form, a later one its lower-cased address (or, failing that, a placeholder).

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

GMAIL_ALIASES = {"gmail.com", "googlemail.com"}
PLUS_TAG_DOMAINS = {"outlook.com", "hotmail.com", "live.com", "icloud.com", "fastmail.com",
                    "fastmail.fm", "protonmail.com", "proton.me", "pm.me"} | GMAIL_ALIASES


def _normalise(address: str) -> str:
    address = address.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return address
    if domain in PLUS_TAG_DOMAINS:
        local = local.split("+", 1)[0] or local
    if domain in GMAIL_ALIASES:
        local = local.replace(".", "") or local
        domain = "gmail.com"
    return f"{local}@{domain}"


def _fill_normalised_emails():
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("email", sa.String),
                     sa.column("email_normalised", sa.String))
    bind = op.get_bind()
    taken: set[str] = set()
    for user_id, email in bind.execute(sa.select(users.c.id, users.c.email)
                                       .order_by(users.c.id)).all():
        value = next(candidate for candidate in (_normalise(email), email.strip().lower(),
                                                 f"duplicate-{user_id}@invalid")
                     if candidate not in taken)
        taken.add(value)
        bind.execute(users.update().where(users.c.id == user_id)
                     .values(email_normalised=value))


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_normalised', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1',
                                      nullable=False))
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
    _fill_normalised_emails()
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('email_normalised', existing_type=sa.String(length=254),
                              nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_users_email_normalised'),
                                          ['email_normalised'])


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_email_normalised'), type_='unique')
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_secret')
        batch_op.drop_column('session_version')
        batch_op.drop_column('email_normalised')
