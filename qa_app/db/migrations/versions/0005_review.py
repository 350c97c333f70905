"""QCO evaluations, their answers and revisions

Revision ID: 0005_review
Revises: 0004_work
Create Date: 2026-11-24 10:51:26.622639
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import qa_app.db.types
from sqlalchemy.dialects import postgresql

revision: str = '0005_review'
down_revision: str | None = '0004_work'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('rubric_version_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('fatal', sa.Boolean(), nullable=False),
    sa.Column('pending_weight', sa.Float(), nullable=False),
    sa.Column('overall_comment', sa.Text(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('opened_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('seconds_spent', sa.Float(), nullable=False),
    sa.Column('finalized_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("kind IN ('random', 'targeted')", name=op.f('ck_evaluation_kind')),
    sa.CheckConstraint("status IN ('draft', 'final')", name=op.f('ck_evaluation_status')),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], name=op.f('fk_evaluation_agent_id_agent')),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], name=op.f('fk_evaluation_interaction_id_interaction')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_evaluation_reviewer_id_user_account')),
    sa.ForeignKeyConstraint(['rubric_version_id'], ['rubric_version.id'], name=op.f('fk_evaluation_rubric_version_id_rubric_version')),
    sa.ForeignKeyConstraint(['sample_id'], ['sample.id'], name=op.f('fk_evaluation_sample_id_sample')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation')),
    sa.UniqueConstraint('interaction_id', name=op.f('uq_evaluation_interaction_id')),
    sa.UniqueConstraint('sample_id', name=op.f('uq_evaluation_sample_id'))
    )
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.create_index('ix_evaluation_agent_week', ['agent_id', 'week'], unique=False)
        batch_op.create_index('ix_evaluation_reviewer_status', ['reviewer_id', 'status'], unique=False)

    op.create_table('evaluation_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=16), nullable=False),
    sa.Column('answer', sa.String(length=8), nullable=True),
    sa.Column('machine_answer', sa.String(length=8), nullable=True),
    sa.Column('machine_suggested', sa.String(length=8), nullable=True),
    sa.Column('machine_confidence', sa.Float(), nullable=True),
    sa.Column('evidence', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.CheckConstraint("answer IS NULL OR answer IN ('yes', 'partial', 'no', 'na')", name=op.f('ck_evaluation_answer_answer')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_evaluation_answer_evaluation_id_evaluation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_answer')),
    sa.UniqueConstraint('evaluation_id', 'item_id', name='uq_evaluation_answer_item')
    )
    with op.batch_alter_table('evaluation_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_answer_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('evaluation_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('by_username', sa.String(length=64), nullable=False),
    sa.Column('at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('fatal', sa.Boolean(), nullable=False),
    sa.Column('answers', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('overall_comment', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('draft', 'final', 'correction', 'dispute')", name=op.f('ck_evaluation_revision_kind')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_evaluation_revision_evaluation_id_evaluation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_revision')),
    sa.UniqueConstraint('evaluation_id', 'number', name='uq_evaluation_revision_number')
    )
    with op.batch_alter_table('evaluation_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_revision_evaluation_id'), ['evaluation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('evaluation_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_revision_evaluation_id'))

    op.drop_table('evaluation_revision')
    with op.batch_alter_table('evaluation_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_answer_evaluation_id'))

    op.drop_table('evaluation_answer')
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluation_reviewer_status')
        batch_op.drop_index('ix_evaluation_agent_week')

    op.drop_table('evaluation')
