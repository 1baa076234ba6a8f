"""Consultations: proposals, options, documents, notes, responses, comments and moderation.

Link events gain a proposal reference and the consultation kinds; response versions,
proposal notes and moderation actions are append-only like the link history.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 18:02:23.812690
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

APPEND_ONLY = ("response_versions", "proposal_notes", "moderation_actions")
KINDS_BEFORE = ("first_contact", "established", "activity", "consultation_opened",
                "consultation_closed", "decision", "status_changed", "note")
KINDS_AFTER = KINDS_BEFORE + ("consultation_extended", "consultation_withdrawn")


def _postgres():
    return op.get_bind().dialect.name == "postgresql"


def _refuse_changes(table):
    """Database triggers that make a table append-only: no UPDATE, no DELETE."""
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


def _allow_changes(table):
    if _postgres():
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        return
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")


def _kinds_check(kinds):
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _alter_link_events(add: bool):
    """SQLite rebuilds the table in batch mode, which loses its triggers: put them back."""
    milestone = sa.text("kind IN ('consultation_opened', 'consultation_closed')")
    if not _postgres():
        _allow_changes("link_events")
    with op.batch_alter_table("link_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_link_events_kind_known"), type_="check")
        if add:
            batch_op.add_column(sa.Column("proposal_id", sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f("ix_link_events_proposal_id"), ["proposal_id"],
                                  unique=False)
            batch_op.create_index("uq_link_events_consultation_milestone",
                                  ["proposal_id", "kind"], unique=True,
                                  sqlite_where=milestone, postgresql_where=milestone)
            batch_op.create_foreign_key(batch_op.f("fk_link_events_proposal_id_proposals"),
                                        "proposals", ["proposal_id"], ["id"])
        else:
            batch_op.drop_constraint(batch_op.f("fk_link_events_proposal_id_proposals"),
                                     type_="foreignkey")
            batch_op.drop_index("uq_link_events_consultation_milestone")
            batch_op.drop_index(batch_op.f("ix_link_events_proposal_id"))
            batch_op.drop_column("proposal_id")
        batch_op.create_check_constraint(op.f("ck_link_events_kind_known"),
                                         _kinds_check(KINDS_AFTER if add else KINDS_BEFORE))
    if not _postgres():
        _refuse_changes("link_events")


def upgrade():
    op.create_table('moderation_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=True),
    sa.Column('moderator', sa.String(length=140), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['moderator_id'], ['users.id'], name=op.f('fk_moderation_actions_moderator_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_actions'))
    )
    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('alternatives', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_early_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('close_reason', sa.Text(), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_reason', sa.Text(), nullable=False),
    sa.Column('results_visibility', sa.String(length=10), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('suspend', 'resume', 'end', 'establish', 'change_terms', 'other')", name=op.f('ck_proposals_action_known')),
    sa.CheckConstraint("results_visibility IN ('shown', 'hidden')", name=op.f('ck_proposals_visibility_known')),
    sa.CheckConstraint("status IN ('draft', 'scheduled', 'open', 'closed', 'decided', 'withdrawn')", name=op.f('ck_proposals_status_known')),
    sa.CheckConstraint('closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at', name=op.f('ck_proposals_window_ordered')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_proposals_created_by_id_users')),
    sa.ForeignKeyConstraint(['link_id'], ['twin_links.id'], name=op.f('fk_proposals_link_id_twin_links')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_link_id'), ['link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_status'), ['status'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('hidden_reason', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('visible', 'pending_review', 'hidden')", name=op.f('ck_comments_state_known')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_comments_author_id_users')),
    sa.ForeignKeyConstraint(['parent_id'], ['comments.id'], name=op.f('fk_comments_parent_id_comments')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_comments_proposal_id_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_documents_proposal_id_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_documents'))
    )
    with op.batch_alter_table('proposal_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_documents_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author', sa.String(length=140), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_proposal_notes_author_id_users')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_notes_proposal_id_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_notes'))
    )
    with op.batch_alter_table('proposal_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_notes_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_options_proposal_id_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_options')),
    sa.UniqueConstraint('proposal_id', 'position', name=op.f('uq_proposal_options_proposal_id'))
    )
    with op.batch_alter_table('proposal_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_options_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('comment_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("reason IN ('abusive', 'personal_information', 'off_topic', 'spam')", name=op.f('ck_comment_reports_reason_known')),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_reports_comment_id_comments')),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_comment_reports_reporter_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_reports')),
    sa.UniqueConstraint('comment_id', 'reporter_id', name=op.f('uq_comment_reports_comment_id'))
    )
    with op.batch_alter_table('comment_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_reports_comment_id'), ['comment_id'], unique=False)

    op.create_table('responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=False),
    sa.Column('respondent_type', sa.String(length=30), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('postcode_district', sa.String(length=4), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reason_status', sa.String(length=10), nullable=False),
    sa.Column('receipt_code', sa.String(length=40), nullable=False),
    sa.Column('withdrawn', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("reason_status IN ('none', 'pending', 'published', 'hidden')", name=op.f('ck_responses_reason_status_known')),
    sa.CheckConstraint("respondent_type IN ('local_resident', 'works_or_studies', 'twin_city_resident', 'organisation', 'other')", name=op.f('ck_responses_type_known')),
    sa.ForeignKeyConstraint(['option_id'], ['proposal_options.id'], name=op.f('fk_responses_option_id_proposal_options')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_responses_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_responses_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responses')),
    sa.UniqueConstraint('proposal_id', 'user_id', name=op.f('uq_responses_proposal_id')),
    sa.UniqueConstraint('receipt_code', name=op.f('uq_responses_receipt_code'))
    )
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_responses_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_responses_user_id'), ['user_id'], unique=False)

    op.create_table('response_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=True),
    sa.Column('respondent_type', sa.String(length=30), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('postcode_district', sa.String(length=4), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('receipt_code', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['option_id'], ['proposal_options.id'], name=op.f('fk_response_versions_option_id_proposal_options')),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_response_versions_response_id_responses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_versions')),
    sa.UniqueConstraint('response_id', 'version', name=op.f('uq_response_versions_response_id'))
    )
    with op.batch_alter_table('response_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_versions_response_id'), ['response_id'], unique=False)

    _alter_link_events(add=True)
    for table in APPEND_ONLY:
        _refuse_changes(table)


def downgrade():
    for table in APPEND_ONLY:
        _allow_changes(table)
    _alter_link_events(add=False)

    with op.batch_alter_table('response_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_versions_response_id'))

    op.drop_table('response_versions')
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_responses_user_id'))
        batch_op.drop_index(batch_op.f('ix_responses_proposal_id'))

    op.drop_table('responses')
    with op.batch_alter_table('comment_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_reports_comment_id'))

    op.drop_table('comment_reports')
    with op.batch_alter_table('proposal_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_options_proposal_id'))

    op.drop_table('proposal_options')
    with op.batch_alter_table('proposal_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_notes_proposal_id'))

    op.drop_table('proposal_notes')
    with op.batch_alter_table('proposal_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_documents_proposal_id'))

    op.drop_table('proposal_documents')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_comments_parent_id'))

    op.drop_table('comments')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_status'))
        batch_op.drop_index(batch_op.f('ix_proposals_link_id'))

    op.drop_table('proposals')
    op.drop_table('moderation_actions')
