"""background jobs and their runs, transcripts, rubric versions and pre-scores

Revision ID: 0004_work
Revises: 0003_sampling
Create Date: 2026-11-24 10:45:00.017400
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import qa_app.db.types
from sqlalchemy.dialects import postgresql

revision: str = '0004_work'
down_revision: str | None = '0003_sampling'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('rubric_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rubric_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('document', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubric_version')),
    sa.UniqueConstraint('rubric_id', 'content_hash', name='uq_rubric_version_content')
    )
    op.create_table('job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Float(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('token', sa.String(length=32), nullable=True),
    sa.Column('worker', sa.String(length=64), nullable=True),
    sa.Column('lease_until', qa_app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('requested_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('transcribe', 'prescore')", name=op.f('ck_job_kind')),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_job_status')),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], name=op.f('fk_job_interaction_id_interaction'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job')),
    sa.UniqueConstraint('kind', 'interaction_id', name='uq_job_kind_interaction')
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index('ix_job_status', ['status'], unique=False)

    op.create_table('prescore',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('rubric_version_id', sa.Integer(), nullable=False),
    sa.Column('model_version', sa.String(length=64), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('fatal', sa.Boolean(), nullable=False),
    sa.Column('pending_weight', sa.Float(), nullable=False),
    sa.Column('document', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], name=op.f('fk_prescore_interaction_id_interaction'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rubric_version_id'], ['rubric_version.id'], name=op.f('fk_prescore_rubric_version_id_rubric_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prescore')),
    sa.UniqueConstraint('interaction_id', name=op.f('uq_prescore_interaction_id'))
    )
    op.create_table('transcript',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('model', sa.String(length=255), nullable=False),
    sa.Column('duration', sa.Float(), nullable=False),
    sa.Column('speakers_separated', sa.Boolean(), nullable=False),
    sa.Column('document', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('unmasked_document', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], name=op.f('fk_transcript_interaction_id_interaction'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transcript')),
    sa.UniqueConstraint('interaction_id', name=op.f('uq_transcript_interaction_id'))
    )
    op.create_table('job_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('worker', sa.String(length=64), nullable=False),
    sa.Column('started_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.CheckConstraint("outcome IN ('running', 'done', 'failed', 'retry', 'abandoned', 'superseded')", name=op.f('ck_job_run_outcome')),
    sa.ForeignKeyConstraint(['job_id'], ['job.id'], name=op.f('fk_job_run_job_id_job'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_run'))
    )
    with op.batch_alter_table('job_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_run_job_id'), ['job_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('job_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_run_job_id'))

    op.drop_table('job_run')
    op.drop_table('transcript')
    op.drop_table('prescore')
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index('ix_job_status')

    op.drop_table('job')
    op.drop_table('rubric_version')
