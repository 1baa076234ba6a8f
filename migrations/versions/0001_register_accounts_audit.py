"""Twin-link register, accounts and the audit log; history and audit are append-only.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 17:50:07.683355
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY = ("link_events", "audit_entries")


def _refuse_changes(table):
    """Database triggers that make a table append-only: no UPDATE, no DELETE."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION consult_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$"
        )
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


def _allow_changes(table):
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        if table == APPEND_ONLY[-1]:
            op.execute("DROP FUNCTION IF EXISTS consult_append_only()")
        return
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")


def upgrade():
    op.create_table('twin_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('home_place', sa.String(length=120), nullable=False),
    sa.Column('partner_name', sa.String(length=120), nullable=False),
    sa.Column('partner_local_name', sa.String(length=120), nullable=False),
    sa.Column('country', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('began', sa.String(length=10), nullable=True),
    sa.Column('began_alternative', sa.String(length=10), nullable=True),
    sa.Column('began_note', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('active', 'suspended', 'dormant', 'ended')", name=op.f('ck_twin_links_status_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_twin_links')),
    sa.UniqueConstraint('slug', name=op.f('uq_twin_links_slug'))
    )
    with op.batch_alter_table('twin_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_twin_links_began'), ['began'], unique=False)
        batch_op.create_index(batch_op.f('ix_twin_links_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_twin_links_status'), ['status'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('resident', 'officer', 'auditor', 'admin')", name=op.f('ck_users_role_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('audit_entries',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=140), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_entries_actor_id_users')),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_entries')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_entries_hash'))
    )
    op.create_table('link_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.String(length=140), nullable=False),
    sa.CheckConstraint("kind IN ('first_contact', 'established', 'activity', 'consultation_opened', 'consultation_closed', 'decision', 'status_changed', 'note')", name=op.f('ck_link_events_kind_known')),
    sa.ForeignKeyConstraint(['corrects_id'], ['link_events.id'], name=op.f('fk_link_events_corrects_id_link_events')),
    sa.ForeignKeyConstraint(['link_id'], ['twin_links.id'], name=op.f('fk_link_events_link_id_twin_links')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_link_events_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_events'))
    )
    with op.batch_alter_table('link_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_events_link_id'), ['link_id'], unique=False)

    op.create_table('link_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['link_id'], ['twin_links.id'], name=op.f('fk_link_sources_link_id_twin_links')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_sources'))
    )
    with op.batch_alter_table('link_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_sources_link_id'), ['link_id'], unique=False)

    for table in APPEND_ONLY:
        _refuse_changes(table)


def downgrade():
    for table in APPEND_ONLY:
        _allow_changes(table)
    with op.batch_alter_table('link_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_sources_link_id'))

    op.drop_table('link_sources')
    with op.batch_alter_table('link_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_events_link_id'))

    op.drop_table('link_events')
    op.drop_table('audit_entries')
    op.drop_table('users')
    with op.batch_alter_table('twin_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_twin_links_status'))
        batch_op.drop_index(batch_op.f('ix_twin_links_country'))
        batch_op.drop_index(batch_op.f('ix_twin_links_began'))

    op.drop_table('twin_links')
