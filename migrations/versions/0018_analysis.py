"""Analysis (issue 17): the codebook, coded and read reasons, suggestions and campaigns.

`themes` is a consultation's codebook (one level of sub-themes); `reason_tags` codes a reason
with a theme (and marks a chosen quotation); `reason_reads` marks a reason read, with the
response version read. `analysis_runs`, `analysis_groups` and `analysis_members` keep what the
background computation suggested (themes, campaigns) and what an officer did with it.
Responses gain the language lingua detected where none was recorded; feedback gains the reason
given for leaving themes unanswered; decisions gain how much was read before them.

On SQLite adding the decisions' columns keeps the table, but its seal names its columns: the
seal is made again naming the new ones too, so they can never change either. PostgreSQL's seal
compares whole rows and covers them already. Downgrading drops what this added.

Revision ID: 0018
Revises: 0017
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

# Every column of decisions except the two that seal it, as 0015 left them.
DECISION_COLUMNS = (
    "id", "link_id", "proposal_id", "feedback_id", "corrects_id", "decided_on", "body",
    "committee_name", "outcome", "action", "title", "summary", "reasons", "alternatives",
    "interests", "votes_for", "votes_against", "votes_abstained", "vote_names", "minutes_url",
    "sources", "review_on", "no_consultation_reason", "matched_option_id", "differs",
    "departure_reason", "status_before", "status_after", "recorded_at", "recorded_by_id",
    "recorded_by", "retrospective_by", "no_retrospective_reason")
NEW_DECISION_COLUMNS = ("reasons_received", "reasons_read", "reasons_coded",
                        "analysis_finished_at")


def _sqlite():
    return op.get_bind().dialect.name == "sqlite"


def _sqlite_triggers(table):
    """The triggers on a table, as created: a batch rebuild on SQLite drops them."""
    if not _sqlite():
        return []
    rows = op.get_bind().execute(sa.text(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t ORDER BY name"),
        {"t": table})
    return [row[0] for row in rows]


def _drop_column_keeping_triggers(table, column):
    triggers = _sqlite_triggers(table)
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_column(column)
    for sql in triggers:
        op.execute(sql)


def _unseal_decisions_sqlite():
    if _sqlite():
        for name in ("decisions_no_update", "decisions_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _seal_decisions_sqlite(columns):
    """0003's seal: no DELETE, and no UPDATE but the one that first sets the seal."""
    if not _sqlite():
        return
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in columns)
    op.execute(
        "CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions "
        "WHEN OLD.audit_seq IS NOT NULL OR NEW.audit_seq IS NULL OR NEW.audit_hash IS NULL "
        f"OR {changed} "
        "BEGIN SELECT RAISE(ABORT, 'decisions is append-only: UPDATE refused'); END")
    op.execute("CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions "
               "BEGIN SELECT RAISE(ABORT, 'decisions is append-only: DELETE refused'); END")


def upgrade():
    op.create_table('analysis_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), server_default='', nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_analysis_runs_status_known')),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name=op.f('ck_analysis_runs_progress_percent')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_analysis_runs_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_analysis_runs_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_runs'))
    )
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_runs_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('parent_id IS NULL OR parent_id <> id', name=op.f('ck_themes_not_own_parent')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_themes_created_by_id_users')),
    sa.ForeignKeyConstraint(['parent_id'], ['themes.id'], name=op.f('fk_themes_parent_id_themes')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_themes_proposal_id_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('proposal_id', 'name', name=op.f('uq_themes_proposal_id'))
    )
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_themes_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_themes_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('analysis_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('example_ids', sa.JSON(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('suggestion', 'campaign')", name=op.f('ck_analysis_groups_kind_known')),
    sa.CheckConstraint("status IN ('open', 'accepted', 'discarded')", name=op.f('ck_analysis_groups_status_known')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_analysis_groups_decided_by_id_users')),
    sa.ForeignKeyConstraint(['run_id'], ['analysis_runs.id'], name=op.f('fk_analysis_groups_run_id_analysis_runs')),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_analysis_groups_theme_id_themes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_groups')),
    sa.UniqueConstraint('run_id', 'kind', 'number', name=op.f('uq_analysis_groups_run_id'))
    )
    with op.batch_alter_table('analysis_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_groups_run_id'), ['run_id'], unique=False)

    op.create_table('analysis_members',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['analysis_groups.id'], name=op.f('fk_analysis_members_group_id_analysis_groups')),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_analysis_members_response_id_responses')),
    sa.PrimaryKeyConstraint('group_id', 'response_id', name=op.f('pk_analysis_members'))
    )
    with op.batch_alter_table('analysis_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analysis_members_response_id'), ['response_id'], unique=False)

    op.create_table('reason_reads',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['read_by_id'], ['users.id'], name=op.f('fk_reason_reads_read_by_id_users')),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_reason_reads_response_id_responses')),
    sa.PrimaryKeyConstraint('response_id', name=op.f('pk_reason_reads'))
    )
    with op.batch_alter_table('reason_reads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reason_reads_read_at'), ['read_at'], unique=False)

    op.create_table('reason_tags',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('quoted', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('tagged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tagged_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_reason_tags_response_id_responses')),
    sa.ForeignKeyConstraint(['tagged_by_id'], ['users.id'], name=op.f('fk_reason_tags_tagged_by_id_users')),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_reason_tags_theme_id_themes')),
    sa.PrimaryKeyConstraint('response_id', 'theme_id', name=op.f('pk_reason_tags'))
    )
    with op.batch_alter_table('reason_tags', schema=None) as batch_op:
        batch_op.create_index('ix_reason_tags_theme_response', ['theme_id', 'response_id'], unique=False)

    _unseal_decisions_sqlite()
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reasons_received', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reasons_read', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reasons_coded', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('analysis_finished_at', sa.DateTime(timezone=True), nullable=True))
    _seal_decisions_sqlite(DECISION_COLUMNS + NEW_DECISION_COLUMNS)

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unanswered_reason', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detected_language', sa.String(length=8), server_default='', nullable=False))
        batch_op.create_index('ix_responses_analysed', [
            'proposal_id', 'reason_status', 'withdrawn', 'review_status', 'id', 'version',
            'option_id', 'respondent_type', 'language', 'detected_language'], unique=False)



def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_analysed')
    _drop_column_keeping_triggers('responses', 'detected_language')
    _drop_column_keeping_triggers('feedback', 'unanswered_reason')

    _unseal_decisions_sqlite()
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_column('analysis_finished_at')
        batch_op.drop_column('reasons_coded')
        batch_op.drop_column('reasons_read')
        batch_op.drop_column('reasons_received')
    _seal_decisions_sqlite(DECISION_COLUMNS)

    with op.batch_alter_table('reason_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_reason_tags_theme_response')

    op.drop_table('reason_tags')
    with op.batch_alter_table('reason_reads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reason_reads_read_at'))

    op.drop_table('reason_reads')
    with op.batch_alter_table('analysis_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_members_response_id'))

    op.drop_table('analysis_members')
    with op.batch_alter_table('analysis_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_groups_run_id'))

    op.drop_table('analysis_groups')
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_themes_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_themes_parent_id'))

    op.drop_table('themes')
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_runs_proposal_id'))

    op.drop_table('analysis_runs')
