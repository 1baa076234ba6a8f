"""Retrospective consultations and reviews (issue 16).

A decision taken without consultation records, at insert, the date by which a retrospective
consultation will open (`retrospective_by`) or why none will be held
(`no_retrospective_reason`); a decision taken after consultation has neither (a CHECK). A
proposal may be the retrospective consultation of one decision (`retrospective_of_id`). The
"review" action joins the CHECKs on proposals and decisions, and the link history gains the kinds
"review_started" and "review_recorded".

On SQLite the batch rebuilds drop the tables' triggers: decisions' seal is made again naming
every column (the new ones included, so they too can never change), and link events' append-only
triggers are put back. PostgreSQL alters the tables in place; its seal compares whole rows, so
it covers the new columns already.

Downgrading refuses (the CHECKs fail) while rows use the "review" action or the new kinds.

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

ACTIONS_BEFORE = ("suspend", "resume", "end", "establish", "change_terms", "other")
ACTIONS_AFTER = ("suspend", "resume", "end", "establish", "change_terms", "review", "other")
KINDS_BEFORE = ("first_contact", "established", "activity", "consultation_opened",
                "consultation_closed", "decision", "status_changed", "note",
                "consultation_extended", "consultation_withdrawn", "consultation_response")
KINDS_AFTER = KINDS_BEFORE + ("review_started", "review_recorded")
# Every column of decisions except the two that seal it (0003's list, as 0011 renamed it).
DECISION_COLUMNS = (
    "id", "link_id", "proposal_id", "feedback_id", "corrects_id", "decided_on", "body",
    "committee_name", "outcome", "action", "title", "summary", "reasons", "alternatives",
    "interests", "votes_for", "votes_against", "votes_abstained", "vote_names", "minutes_url",
    "sources", "review_on", "no_consultation_reason", "matched_option_id", "differs",
    "departure_reason", "status_before", "status_after", "recorded_at", "recorded_by_id",
    "recorded_by")
NEW_DECISION_COLUMNS = ("retrospective_by", "no_retrospective_reason")
NOT_BOTH = ("proposal_id IS NULL OR (retrospective_by IS NULL "
            "AND no_retrospective_reason = '')")


def _postgres():
    return op.get_bind().dialect.name == "postgresql"


def _in(values):
    return ", ".join(f"'{value}'" for value in values)


def _drop_sqlite_triggers(table, names):
    if not _postgres():
        for name in names:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _seal_decisions_sqlite(columns):
    """0003's seal: no DELETE, and no UPDATE but the one that first sets the seal."""
    if _postgres():
        return
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in columns)
    op.execute(
        "CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions "
        "WHEN OLD.audit_seq IS NOT NULL OR NEW.audit_seq IS NULL OR NEW.audit_hash IS NULL "
        f"OR {changed} "
        "BEGIN SELECT RAISE(ABORT, 'decisions is append-only: UPDATE refused'); END")
    op.execute("CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions "
               "BEGIN SELECT RAISE(ABORT, 'decisions is append-only: DELETE refused'); END")


def _link_events_append_only_sqlite():
    if _postgres():
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER link_events_no_{action.lower()} BEFORE {action} ON link_events "
            f"BEGIN SELECT RAISE(ABORT, 'link_events is append-only: {action} refused'); END")


def _actions(table, actions):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_action_known"), type_="check")
        batch_op.create_check_constraint(op.f(f"ck_{table}_action_known"),
                                         f"action IN ({_in(actions)})")


def _kinds(kinds):
    _drop_sqlite_triggers("link_events", ("link_events_no_update", "link_events_no_delete"))
    with op.batch_alter_table("link_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_link_events_kind_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_link_events_kind_known"),
                                         f"kind IN ({_in(kinds)})")
    _link_events_append_only_sqlite()


def upgrade():
    _drop_sqlite_triggers("decisions", ("decisions_no_update", "decisions_no_delete"))
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retrospective_by', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('no_retrospective_reason', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.create_check_constraint(op.f("ck_decisions_consulted_not_retrospective"),
                                         NOT_BOTH)
    _actions("decisions", ACTIONS_AFTER)
    _seal_decisions_sqlite(DECISION_COLUMNS + NEW_DECISION_COLUMNS)

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retrospective_of_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_proposals_retrospective_of_id'),
                                          ['retrospective_of_id'])
        batch_op.create_foreign_key(batch_op.f('fk_proposals_retrospective_of_id_decisions'),
                                    'decisions', ['retrospective_of_id'], ['id'])
    _actions("proposals", ACTIONS_AFTER)
    _kinds(KINDS_AFTER)


def downgrade():
    _kinds(KINDS_BEFORE)
    _actions("proposals", ACTIONS_BEFORE)
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposals_retrospective_of_id_decisions'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_proposals_retrospective_of_id'), type_='unique')
        batch_op.drop_column('retrospective_of_id')

    _drop_sqlite_triggers("decisions", ("decisions_no_update", "decisions_no_delete"))
    _actions("decisions", ACTIONS_BEFORE)
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_decisions_consulted_not_retrospective"), type_="check")
        batch_op.drop_column('no_retrospective_reason')
        batch_op.drop_column('retrospective_by')
    _seal_decisions_sqlite(DECISION_COLUMNS)
