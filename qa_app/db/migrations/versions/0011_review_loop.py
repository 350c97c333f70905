"""review loop: disputes, acknowledgements, correction requests, inbox

Revision ID: 0011_review_loop
Revises: 0009_web_session
Create Date: 2026-12-01 23:27:53.868224

The integrator re-chains this after the calibration migration (0010).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

from qa_app.db.types import UTCDateTime

revision: str = '0011_review_loop'
down_revision: str | None = '0010_calibration'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('inbox_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('target_page', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('params', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('dedupe_key', sa.String(length=96), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('read_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_inbox_entry_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox_entry')),
    sa.UniqueConstraint('user_id', 'dedupe_key', name='uq_inbox_entry_dedupe')
    )
    with op.batch_alter_table('inbox_entry', schema=None) as batch_op:
        batch_op.create_index('ix_inbox_entry_user_read', ['user_id', 'read_at'], unique=False)

    op.create_table('correction_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_user_id', sa.Integer(), nullable=True),
    sa.Column('requested_by', sa.String(length=64), nullable=False),
    sa.Column('requested_at', UTCDateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('closed_by', sa.String(length=64), nullable=True),
    sa.CheckConstraint("status IN ('open', 'done', 'declined')", name=op.f('ck_correction_request_status')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_correction_request_evaluation_id_evaluation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correction_request'))
    )
    with op.batch_alter_table('correction_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_request_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('dispute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('raised_by_user_id', sa.Integer(), nullable=True),
    sa.Column('raised_by', sa.String(length=64), nullable=False),
    sa.Column('on_behalf', sa.Boolean(), nullable=False),
    sa.Column('raised_at', UTCDateTime(), nullable=False),
    sa.Column('deadline_at', UTCDateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('revision_at_raise', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('ruled_at', UTCDateTime(), nullable=True),
    sa.Column('ruled_by_user_id', sa.Integer(), nullable=True),
    sa.Column('ruled_by', sa.String(length=64), nullable=True),
    sa.Column('revision_after', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'ruled')", name=op.f('ck_dispute_status')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_dispute_evaluation_id_evaluation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispute'))
    )
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispute_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index('ix_dispute_status_deadline', ['status', 'deadline_at'], unique=False)

    op.create_table('evaluation_acknowledgement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('acknowledged_at', UTCDateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_evaluation_acknowledgement_evaluation_id_evaluation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_acknowledgement')),
    sa.UniqueConstraint('evaluation_id', name=op.f('uq_evaluation_acknowledgement_evaluation_id'))
    )
    op.create_table('dispute_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=16), nullable=False),
    sa.Column('answer_at_raise', sa.String(length=8), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('ruling', sa.String(length=16), nullable=True),
    sa.Column('ruling_reason', sa.Text(), nullable=True),
    sa.Column('new_answer', sa.String(length=8), nullable=True),
    sa.CheckConstraint("ruling IS NULL OR ruling IN ('accepted', 'partly_accepted', 'rejected')", name=op.f('ck_dispute_item_ruling')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_dispute_item_dispute_id_dispute'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispute_item')),
    sa.UniqueConstraint('dispute_id', 'item_id', name='uq_dispute_item_item')
    )
    with op.batch_alter_table('dispute_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispute_item_dispute_id'), ['dispute_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dispute_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dispute_item_dispute_id'))

    op.drop_table('dispute_item')
    op.drop_table('evaluation_acknowledgement')
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.drop_index('ix_dispute_status_deadline')
        batch_op.drop_index(batch_op.f('ix_dispute_evaluation_id'))

    op.drop_table('dispute')
    with op.batch_alter_table('correction_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_request_evaluation_id'))

    op.drop_table('correction_request')
    with op.batch_alter_table('inbox_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_inbox_entry_user_read')

    op.drop_table('inbox_entry')
