"""Decisions and consultation responses ("you said, we did").

Decisions, consultation responses and their correction notes are append-only. A decision row
may be changed once, in the transaction that records it, to seal it with the audit log's head;
after that the database refuses every change. Link events gain a decision reference and the
"consultation_response" kind (SQLite rebuilds the table, so its triggers are put back).

Downgrading refuses while link events of the new kind exist: the old kind list has no place
for them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 18:51:27.812105
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


APPEND_ONLY = ("consultation_responses", "consultation_response_notes")
KINDS_BEFORE = ("first_contact", "established", "activity", "consultation_opened",
                "consultation_closed", "decision", "status_changed", "note",
                "consultation_extended", "consultation_withdrawn")
KINDS_AFTER = KINDS_BEFORE + ("consultation_response",)
# Every column of decisions except the two that seal it.
DECISION_COLUMNS = (
    "id", "link_id", "proposal_id", "response_id", "corrects_id", "decided_on", "body",
    "committee_name", "outcome", "action", "title", "summary", "reasons", "alternatives",
    "interests", "votes_for", "votes_against", "votes_abstained", "vote_names", "minutes_url",
    "sources", "review_on", "no_consultation_reason", "matched_option_id", "differs",
    "departure_reason", "status_before", "status_after", "recorded_at", "recorded_by_id",
    "recorded_by")


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


def _seal_decisions():
    """Decisions refuse DELETE, and every UPDATE except the one that first sets the seal."""
    if _postgres():
        op.execute(
            "CREATE OR REPLACE FUNCTION consult_decision_seal() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "IF OLD.audit_seq IS NULL AND NEW.audit_seq IS NOT NULL "
            "AND NEW.audit_hash IS NOT NULL "
            "AND (to_jsonb(NEW) - 'audit_seq' - 'audit_hash') "
            "= (to_jsonb(OLD) - 'audit_seq' - 'audit_hash') THEN RETURN NEW; END IF; "
            "RAISE EXCEPTION 'decisions is append-only: UPDATE refused'; END $$"
        )
        op.execute("CREATE TRIGGER decisions_sealed BEFORE UPDATE ON decisions "
                   "FOR EACH ROW EXECUTE FUNCTION consult_decision_seal()")
        op.execute("CREATE TRIGGER decisions_append_only BEFORE DELETE ON decisions "
                   "FOR EACH ROW EXECUTE FUNCTION consult_append_only()")
        return
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in DECISION_COLUMNS)
    op.execute(
        "CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions "
        "WHEN OLD.audit_seq IS NOT NULL OR NEW.audit_seq IS NULL OR NEW.audit_hash IS NULL "
        f"OR {changed} "
        "BEGIN SELECT RAISE(ABORT, 'decisions is append-only: UPDATE refused'); END")
    op.execute("CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions "
               "BEGIN SELECT RAISE(ABORT, 'decisions is append-only: DELETE refused'); END")


def _unseal_decisions():
    if _postgres():
        op.execute("DROP TRIGGER IF EXISTS decisions_sealed ON decisions")
        op.execute("DROP TRIGGER IF EXISTS decisions_append_only ON decisions")
        op.execute("DROP FUNCTION IF EXISTS consult_decision_seal()")
        return
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS decisions_no_{action}")


def _kinds_check(kinds):
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _alter_link_events(add: bool):
    """SQLite rebuilds the table in batch mode, which loses its triggers: put them back."""
    if not _postgres():
        _allow_changes("link_events")
    with op.batch_alter_table("link_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_link_events_kind_known"), type_="check")
        if add:
            batch_op.add_column(sa.Column("decision_id", sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f("ix_link_events_decision_id"), ["decision_id"],
                                  unique=False)
            batch_op.create_foreign_key(batch_op.f("fk_link_events_decision_id_decisions"),
                                        "decisions", ["decision_id"], ["id"])
        else:
            batch_op.drop_constraint(batch_op.f("fk_link_events_decision_id_decisions"),
                                     type_="foreignkey")
            batch_op.drop_index(batch_op.f("ix_link_events_decision_id"))
            batch_op.drop_column("decision_id")
        batch_op.create_check_constraint(op.f("ck_link_events_kind_known"),
                                         _kinds_check(KINDS_AFTER if add else KINDS_BEFORE))
    if not _postgres():
        _refuse_changes("link_events")


def upgrade():
    op.create_table('consultation_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('totals', sa.JSON(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_by', sa.String(length=140), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_consultation_responses_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_consultation_responses_published_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_responses')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_consultation_responses_proposal_id'))
    )
    op.create_table('consultation_response_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author', sa.String(length=140), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_consultation_response_notes_author_id_users')),
    sa.ForeignKeyConstraint(['response_id'], ['consultation_responses.id'], name=op.f('fk_consultation_response_notes_response_id_consultation_responses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_response_notes'))
    )
    with op.batch_alter_table('consultation_response_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_response_notes_response_id'), ['response_id'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('body', sa.String(length=20), nullable=False),
    sa.Column('committee_name', sa.String(length=200), nullable=False),
    sa.Column('outcome', sa.String(length=30), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('alternatives', sa.Text(), nullable=False),
    sa.Column('interests', sa.Text(), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=True),
    sa.Column('votes_against', sa.Integer(), nullable=True),
    sa.Column('votes_abstained', sa.Integer(), nullable=True),
    sa.Column('vote_names', sa.JSON(), nullable=False),
    sa.Column('minutes_url', sa.String(length=500), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('no_consultation_reason', sa.Text(), nullable=False),
    sa.Column('matched_option_id', sa.Integer(), nullable=True),
    sa.Column('differs', sa.Boolean(), nullable=False),
    sa.Column('departure_reason', sa.Text(), nullable=False),
    sa.Column('status_before', sa.String(length=20), nullable=True),
    sa.Column('status_after', sa.String(length=20), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.String(length=140), nullable=False),
    sa.Column('audit_seq', sa.Integer(), nullable=True),
    sa.Column('audit_hash', sa.String(length=64), nullable=True),
    sa.CheckConstraint("action IN ('suspend', 'resume', 'end', 'establish', 'change_terms', 'other')", name=op.f('ck_decisions_action_known')),
    sa.CheckConstraint("body IN ('full_council', 'cabinet', 'committee', 'officer')", name=op.f('ck_decisions_body_known')),
    sa.CheckConstraint("outcome IN ('adopted', 'adopted_with_changes', 'rejected', 'deferred')", name=op.f('ck_decisions_outcome_known')),
    sa.CheckConstraint("proposal_id IS NOT NULL OR no_consultation_reason <> ''", name=op.f('ck_decisions_unconsulted_says_why')),
    sa.CheckConstraint('votes_for >= 0 AND votes_against >= 0 AND votes_abstained >= 0', name=op.f('ck_decisions_votes_not_negative')),
    sa.ForeignKeyConstraint(['corrects_id'], ['decisions.id'], name=op.f('fk_decisions_corrects_id_decisions')),
    sa.ForeignKeyConstraint(['link_id'], ['twin_links.id'], name=op.f('fk_decisions_link_id_twin_links')),
    sa.ForeignKeyConstraint(['matched_option_id'], ['proposal_options.id'], name=op.f('fk_decisions_matched_option_id_proposal_options')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_decisions_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_decisions_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['response_id'], ['consultation_responses.id'], name=op.f('fk_decisions_response_id_consultation_responses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
    sa.UniqueConstraint('corrects_id', name=op.f('uq_decisions_corrects_id'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_decided_on'), ['decided_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_link_id'), ['link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_outcome'), ['outcome'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_proposal_id'), ['proposal_id'], unique=False)

    _alter_link_events(add=True)
    _seal_decisions()
    for table in APPEND_ONLY:
        _refuse_changes(table)


def downgrade():
    for table in APPEND_ONLY:
        _allow_changes(table)
    _unseal_decisions()
    _alter_link_events(add=False)

    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_outcome'))
        batch_op.drop_index(batch_op.f('ix_decisions_link_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_decided_on'))

    op.drop_table('decisions')
    with op.batch_alter_table('consultation_response_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_response_notes_response_id'))

    op.drop_table('consultation_response_notes')
    op.drop_table('consultation_responses')
