"""Responses held for review, invalidation and shared-address allow-list (issue 6).

Adds to each response the keyed hash of the client's network address, the email domain, and
its review status ("counted", "pending" or "invalidated") with the reason, note, time and
officer. Existing responses stay counted.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

REVIEW_CHECK = "review_status IN ('counted', 'pending', 'invalidated')"


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('email_domain', sa.String(length=253), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('review_status', sa.String(length=12), nullable=False,
                                      server_default='counted'))
        batch_op.add_column(sa.Column('review_reason', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('review_note', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_responses_reviewed_by_id_users'), 'users',
                                    ['reviewed_by_id'], ['id'])
        batch_op.create_check_constraint(op.f('ck_responses_review_status_known'),
                                         sa.text(REVIEW_CHECK))
        batch_op.create_index('ix_responses_proposal_address',
                              ['proposal_id', 'address_hash', 'created_at'], unique=False)
        batch_op.create_index('ix_responses_proposal_domain',
                              ['proposal_id', 'email_domain', 'created_at'], unique=False)
        batch_op.create_index('ix_responses_proposal_reason', ['proposal_id', 'reason_status'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_proposal_reason')
        batch_op.drop_index('ix_responses_proposal_domain')
        batch_op.drop_index('ix_responses_proposal_address')
        batch_op.drop_constraint(op.f('ck_responses_review_status_known'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_responses_reviewed_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('review_note')
        batch_op.drop_column('review_reason')
        batch_op.drop_column('review_status')
        batch_op.drop_column('email_domain')
        batch_op.drop_column('address_hash')
