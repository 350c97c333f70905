"""coaching sessions, their focus items and actions

Revision ID: 0006_coaching
Revises: 0005_review
Create Date: 2026-11-24 10:56:53.501740
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import qa_app.db.types
from sqlalchemy.dialects import postgresql

revision: str = '0006_coaching'
down_revision: str | None = '0005_review'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('coaching_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('coach_user_id', sa.Integer(), nullable=True),
    sa.Column('coach', sa.String(length=64), nullable=False),
    sa.Column('created_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('acknowledged_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('agent_comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], name=op.f('fk_coaching_session_agent_id_agent')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_session'))
    )
    with op.batch_alter_table('coaching_session', schema=None) as batch_op:
        batch_op.create_index('ix_coaching_session_agent_created', ['agent_id', 'created_at'], unique=False)

    op.create_table('coaching_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['coaching_session.id'], name=op.f('fk_coaching_action_session_id_coaching_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_action'))
    )
    with op.batch_alter_table('coaching_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_action_session_id'), ['session_id'], unique=False)

    op.create_table('coaching_focus',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=16), nullable=False),
    sa.Column('answer', sa.String(length=8), nullable=True),
    sa.Column('evidence', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_coaching_focus_evaluation_id_evaluation')),
    sa.ForeignKeyConstraint(['session_id'], ['coaching_session.id'], name=op.f('fk_coaching_focus_session_id_coaching_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_focus'))
    )
    with op.batch_alter_table('coaching_focus', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_focus_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_focus_session_id'), ['session_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('coaching_focus', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_focus_session_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_focus_evaluation_id'))

    op.drop_table('coaching_focus')
    with op.batch_alter_table('coaching_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_action_session_id'))

    op.drop_table('coaching_action')
    with op.batch_alter_table('coaching_session', schema=None) as batch_op:
        batch_op.drop_index('ix_coaching_session_agent_created')

    op.drop_table('coaching_session')
