"""sampling: draws, samples, quotas, assignment log, reviewer absences

Revision ID: 0003_sampling
Revises: 0002_access_control
Create Date: 2026-11-24 10:31:05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import qa_app.db.types
from sqlalchemy.dialects import postgresql

revision: str = '0003_sampling'
down_revision: str | None = '0002_access_control'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sample_draw',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('seed', sa.String(length=48), nullable=False),
    sa.Column('rule_version', sa.String(length=64), nullable=False),
    sa.Column('parameters', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('pool_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sample_draw')),
    sa.UniqueConstraint('week', name=op.f('uq_sample_draw_week'))
    )
    op.create_table('sample_quota',
    sa.Column('draw_id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('tenure_months', sa.SmallInteger(), nullable=True),
    sa.Column('weekly_rate', sa.SmallInteger(), nullable=True),
    sa.Column('monthly_cap', sa.SmallInteger(), nullable=True),
    sa.Column('already_in_month', sa.SmallInteger(), nullable=False),
    sa.Column('quota', sa.SmallInteger(), nullable=False),
    sa.Column('interactions', sa.Integer(), nullable=False),
    sa.Column('eligible', sa.Integer(), nullable=False),
    sa.Column('picked', sa.SmallInteger(), nullable=False),
    sa.Column('shortfall', sa.SmallInteger(), nullable=False),
    sa.Column('shortfall_reason', sa.String(length=32), nullable=True),
    sa.Column('exclusions', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], name=op.f('fk_sample_quota_agent_id_agent')),
    sa.ForeignKeyConstraint(['draw_id'], ['sample_draw.id'], name=op.f('fk_sample_quota_draw_id_sample_draw'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('draw_id', 'agent_id', name=op.f('pk_sample_quota'))
    )
    with op.batch_alter_table('sample_quota', schema=None) as batch_op:
        batch_op.create_index('ix_sample_quota_agent_week', ['agent_id', 'week'], unique=False)

    op.create_table('reviewer_absence',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=255), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_reviewer_absence_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'day', name=op.f('pk_reviewer_absence'))
    )
    op.create_table('sample',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draw_id', sa.Integer(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('target_reason', sa.String(length=64), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.CheckConstraint("kind IN ('random', 'targeted')", name=op.f('ck_sample_kind')),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], name=op.f('fk_sample_agent_id_agent')),
    sa.ForeignKeyConstraint(['draw_id'], ['sample_draw.id'], name=op.f('fk_sample_draw_id_sample_draw'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], name=op.f('fk_sample_interaction_id_interaction')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_sample_reviewer_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sample')),
    sa.UniqueConstraint('interaction_id', name=op.f('uq_sample_interaction_id'))
    )
    with op.batch_alter_table('sample', schema=None) as batch_op:
        batch_op.create_index('ix_sample_agent_week', ['agent_id', 'week'], unique=False)
        batch_op.create_index(batch_op.f('ix_sample_draw_id'), ['draw_id'], unique=False)
        batch_op.create_index('ix_sample_week_reviewer', ['week', 'reviewer_id'], unique=False)

    op.create_table('sample_assignment_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('from_reviewer_id', sa.Integer(), nullable=True),
    sa.Column('to_reviewer_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['from_reviewer_id'], ['user_account.id'], name=op.f('fk_sample_assignment_log_from_reviewer_id_user_account')),
    sa.ForeignKeyConstraint(['sample_id'], ['sample.id'], name=op.f('fk_sample_assignment_log_sample_id_sample'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_reviewer_id'], ['user_account.id'], name=op.f('fk_sample_assignment_log_to_reviewer_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sample_assignment_log'))
    )
    with op.batch_alter_table('sample_assignment_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sample_assignment_log_sample_id'), ['sample_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sample_assignment_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sample_assignment_log_sample_id'))

    op.drop_table('sample_assignment_log')
    with op.batch_alter_table('sample', schema=None) as batch_op:
        batch_op.drop_index('ix_sample_week_reviewer')
        batch_op.drop_index(batch_op.f('ix_sample_draw_id'))
        batch_op.drop_index('ix_sample_agent_week')

    op.drop_table('sample')
    op.drop_table('reviewer_absence')
    with op.batch_alter_table('sample_quota', schema=None) as batch_op:
        batch_op.drop_index('ix_sample_quota_agent_week')

    op.drop_table('sample_quota')
    op.drop_table('sample_draw')
