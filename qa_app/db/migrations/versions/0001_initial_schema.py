"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 09:54:40.483536
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import qa_app.db.types
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('mapping', sa.String(length=64), nullable=True),
    sa.Column('imported_by', sa.String(length=64), nullable=False),
    sa.Column('started_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_inserted', sa.Integer(), nullable=False),
    sa.Column('rows_updated', sa.Integer(), nullable=False),
    sa.Column('rows_unchanged', sa.Integer(), nullable=False),
    sa.Column('rows_rejected', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.CheckConstraint("kind IN ('roster', 'interactions', 'csi', 'recordings')", name=op.f('ck_import_batch_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team')),
    sa.UniqueConstraint('name', name=op.f('uq_team_name'))
    )
    op.create_table('agent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('hire_date', sa.Date(), nullable=False),
    sa.Column('tier', sa.SmallInteger(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('team_lead', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('left_date', sa.Date(), nullable=True),
    sa.Column('row_hash', sa.BigInteger(), nullable=False),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('tier IN (1, 2)', name=op.f('ck_agent_tier')),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batch.id'], name=op.f('fk_agent_import_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_agent_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agent')),
    sa.UniqueConstraint('employee_id', name=op.f('uq_agent_employee_id'))
    )
    with op.batch_alter_table('agent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agent_team_id'), ['team_id'], unique=False)

    op.create_table('import_rejection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('column', sa.String(length=128), nullable=True),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('reason', sa.String(length=64), nullable=False),
    sa.Column('params', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('raw_row', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_import_rejection_batch_id_import_batch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_rejection'))
    )
    with op.batch_alter_table('import_rejection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_rejection_batch_id'), ['batch_id'], unique=False)

    op.create_table('interaction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.String(length=64), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('direction', sa.String(length=16), nullable=False),
    sa.Column('started_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('talk_seconds', sa.Float(), nullable=True),
    sa.Column('hold_seconds', sa.Float(), nullable=True),
    sa.Column('acw_seconds', sa.Float(), nullable=True),
    sa.Column('queue', sa.String(length=128), nullable=True),
    sa.Column('wrap_up_code', sa.String(length=64), nullable=True),
    sa.Column('case_id', sa.String(length=64), nullable=True),
    sa.Column('ticket_key', sa.String(length=64), nullable=True),
    sa.Column('recording_path', sa.String(length=1024), nullable=True),
    sa.Column('chat_messages', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('first_response_seconds', sa.Float(), nullable=True),
    sa.Column('consent', sa.String(length=16), nullable=False),
    sa.Column('row_hash', sa.BigInteger(), nullable=False),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("channel IN ('voice', 'chat', 'whatsapp', 'email', 'social')", name=op.f('ck_interaction_channel')),
    sa.CheckConstraint("consent IN ('given', 'refused', 'unknown')", name=op.f('ck_interaction_consent')),
    sa.CheckConstraint("direction IN ('inbound', 'outbound')", name=op.f('ck_interaction_direction')),
    sa.CheckConstraint('ended_at >= started_at', name=op.f('ck_interaction_ended_after_started')),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], name=op.f('fk_interaction_agent_id_agent')),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batch.id'], name=op.f('fk_interaction_import_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interaction')),
    sa.UniqueConstraint('source_id', name=op.f('uq_interaction_source_id'))
    )
    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.create_index('ix_interaction_agent_started', ['agent_id', 'started_at'], unique=False)
        batch_op.create_index('ix_interaction_case_id', ['case_id'], unique=False)
        batch_op.create_index('ix_interaction_started_at', ['started_at'], unique=False)

    op.create_table('csi_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_key', sa.String(length=255), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=True),
    sa.Column('interaction_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.SmallInteger(), nullable=False),
    sa.Column('answered_at', qa_app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('row_hash', sa.BigInteger(), nullable=False),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_csi_response_score')),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batch.id'], name=op.f('fk_csi_response_import_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], name=op.f('fk_csi_response_interaction_id_interaction')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_csi_response')),
    sa.UniqueConstraint('response_key', name=op.f('uq_csi_response_response_key'))
    )
    with op.batch_alter_table('csi_response', schema=None) as batch_op:
        batch_op.create_index('ix_csi_response_answered_at', ['answered_at'], unique=False)
        batch_op.create_index('ix_csi_response_case_id', ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_csi_response_interaction_id'), ['interaction_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('csi_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_csi_response_interaction_id'))
        batch_op.drop_index('ix_csi_response_case_id')
        batch_op.drop_index('ix_csi_response_answered_at')

    op.drop_table('csi_response')
    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.drop_index('ix_interaction_started_at')
        batch_op.drop_index('ix_interaction_case_id')
        batch_op.drop_index('ix_interaction_agent_started')

    op.drop_table('interaction')
    with op.batch_alter_table('import_rejection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_rejection_batch_id'))

    op.drop_table('import_rejection')
    with op.batch_alter_table('agent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agent_team_id'))

    op.drop_table('agent')
    op.drop_table('team')
    op.drop_table('import_batch')
