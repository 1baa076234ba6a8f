"""Residents ask for a consultation (issue 16): requests and their signatures.

`consultation_requests` holds each request (moderated, then published with its close and
threshold) with its signature counts, recounted from `request_signatures` by every use case
that changes a signature under the write lock. A signature is unique per request and person
(mailbox identity) and per request and account, and carries the anti-abuse columns responses
carry (0005). The downgrade drops both tables.

Revision ID: 0017
Revises: 0016
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultation_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.Column('rejection_code', sa.String(length=30), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('local_count', sa.Integer(), nullable=False),
    sa.Column('twin_count', sa.Integer(), nullable=False),
    sa.Column('reached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answer_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answer', sa.String(length=20), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('refusal_reason', sa.Text(), nullable=False),
    sa.CheckConstraint("action IN ('suspend', 'end', 'resume', 'establish', 'review')", name=op.f('ck_consultation_requests_action_known')),
    sa.CheckConstraint("answer IS NULL OR answer IN ('consultation', 'refusal')", name=op.f('ck_consultation_requests_answer_known')),
    sa.CheckConstraint("rejection_code IS NULL OR rejection_code IN ('duplicate', 'not_twin_link', 'offensive', 'personal_information', 'already_consulting')", name=op.f('ck_consultation_requests_rejection_known')),
    sa.CheckConstraint("status IN ('pending', 'rejected', 'published')", name=op.f('ck_consultation_requests_status_known')),
    sa.CheckConstraint('local_count >= 0 AND twin_count >= 0', name=op.f('ck_consultation_requests_counts_not_negative')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_consultation_requests_answered_by_id_users')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_consultation_requests_author_id_users')),
    sa.ForeignKeyConstraint(['link_id'], ['twin_links.id'], name=op.f('fk_consultation_requests_link_id_twin_links')),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], name=op.f('fk_consultation_requests_moderated_by_id_users')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_consultation_requests_proposal_id_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_requests'))
    )
    with op.batch_alter_table('consultation_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_requests_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_requests_link_id'), ['link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_requests_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_requests_status'), ['status'], unique=False)

    op.create_table('request_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('signer_identity', sa.String(length=64), nullable=False),
    sa.Column('signer_type', sa.String(length=30), nullable=False),
    sa.Column('withdrawn', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('address_hash', sa.String(length=64), nullable=True),
    sa.Column('email_domain', sa.String(length=253), nullable=False),
    sa.Column('review_status', sa.String(length=12), nullable=False),
    sa.Column('review_reason', sa.String(length=200), nullable=False),
    sa.Column('review_note', sa.Text(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("review_status IN ('counted', 'pending', 'invalidated')", name=op.f('ck_request_signatures_review_status_known')),
    sa.CheckConstraint("signer_type IN ('local_resident', 'works_or_studies', 'twin_city_resident')", name=op.f('ck_request_signatures_type_known')),
    sa.ForeignKeyConstraint(['request_id'], ['consultation_requests.id'], name=op.f('fk_request_signatures_request_id_consultation_requests')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_request_signatures_reviewed_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_request_signatures_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_signatures')),
    sa.UniqueConstraint('request_id', 'signer_identity', name='uq_request_signatures_request_signer_identity'),
    sa.UniqueConstraint('request_id', 'user_id', name=op.f('uq_request_signatures_request_id'))
    )
    with op.batch_alter_table('request_signatures', schema=None) as batch_op:
        batch_op.create_index('ix_request_signatures_request_address', ['request_id', 'address_hash', 'created_at'], unique=False)
        batch_op.create_index('ix_request_signatures_request_domain', ['request_id', 'email_domain', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_request_signatures_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_request_signatures_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('request_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_signatures_user_id'))
        batch_op.drop_index(batch_op.f('ix_request_signatures_request_id'))
        batch_op.drop_index('ix_request_signatures_request_domain')
        batch_op.drop_index('ix_request_signatures_request_address')

    op.drop_table('request_signatures')
    with op.batch_alter_table('consultation_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_requests_status'))
        batch_op.drop_index(batch_op.f('ix_consultation_requests_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_requests_link_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_requests_author_id'))

    op.drop_table('consultation_requests')
