"""calibration sessions: items, participants and their blind answer sets (kept out of QM)

Revision ID: 0010_calibration
Revises: 0009_web_session
Create Date: 2026-12-01 23:44:10.937630
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from qa_app.db.types import JsonDocument, UTCDateTime

revision: str = '0010_calibration'
down_revision: str | None = '0009_web_session'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('calibration_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('hide_ai', sa.Boolean(), nullable=False),
    sa.Column('hide_agent', sa.Boolean(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=True),
    sa.Column('seed', sa.String(length=32), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_calibration_session_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_calibration_session_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_session'))
    )
    op.create_table('calibration_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('rubric_version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], name=op.f('fk_calibration_item_interaction_id_interaction')),
    sa.ForeignKeyConstraint(['rubric_version_id'], ['rubric_version.id'], name=op.f('fk_calibration_item_rubric_version_id_rubric_version')),
    sa.ForeignKeyConstraint(['session_id'], ['calibration_session.id'], name=op.f('fk_calibration_item_session_id_calibration_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_item')),
    sa.UniqueConstraint('session_id', 'interaction_id', name='uq_calibration_item_interaction')
    )
    with op.batch_alter_table('calibration_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_item_session_id'), ['session_id'], unique=False)
    op.create_table('calibration_participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('is_baseline', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['calibration_session.id'], name=op.f('fk_calibration_participant_session_id_calibration_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_calibration_participant_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_participant')),
    sa.UniqueConstraint('session_id', 'user_id', name='uq_calibration_participant_user')
    )
    with op.batch_alter_table('calibration_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_participant_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_calibration_participant_user_id'), ['user_id'], unique=False)
    op.create_table('calibration_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('answers', JsonDocument, nullable=False),
    sa.Column('overall_comment', sa.Text(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('fatal', sa.Boolean(), nullable=False),
    sa.Column('seconds_spent', sa.Float(), nullable=False),
    sa.Column('submitted_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['calibration_item.id'], name=op.f('fk_calibration_score_item_id_calibration_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_calibration_score_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_score')),
    sa.UniqueConstraint('item_id', 'user_id', name='uq_calibration_score_user')
    )
    with op.batch_alter_table('calibration_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_score_item_id'), ['item_id'], unique=False)

def downgrade() -> None:
    with op.batch_alter_table('calibration_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_score_item_id'))
    op.drop_table('calibration_score')
    with op.batch_alter_table('calibration_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_participant_user_id'))
        batch_op.drop_index(batch_op.f('ix_calibration_participant_session_id'))
    op.drop_table('calibration_participant')
    with op.batch_alter_table('calibration_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_item_session_id'))
    op.drop_table('calibration_item')
    op.drop_table('calibration_session')
