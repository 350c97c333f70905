"""call categories: the versions of the category set, each interaction's tags and the version
it was last tagged with

Revision ID: 0014_categories
Revises: 0013_risk_flags
Create Date: 2026-12-02 03:58:10.081499
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from qa_app.db.types import JsonDocument, UTCDateTime

revision: str = '0014_categories'
down_revision: str | None = '0013_risk_flags'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('category_set_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('yaml_text', sa.Text(), nullable=False),
    sa.Column('document', JsonDocument, nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category_set_version')),
    sa.UniqueConstraint('set_id', 'content_hash', name='uq_category_set_version_content'),
    sa.UniqueConstraint('set_id', 'version', name='uq_category_set_version_version')
    )
    op.create_table('category_tagging',
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('transcript_id', sa.Integer(), nullable=True),
    sa.Column('set_version_id', sa.Integer(), nullable=False),
    sa.Column('tagged_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], name=op.f('fk_category_tagging_interaction_id_interaction'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_version_id'], ['category_set_version.id'], name=op.f('fk_category_tagging_set_version_id_category_set_version')),
    sa.ForeignKeyConstraint(['transcript_id'], ['transcript.id'], name=op.f('fk_category_tagging_transcript_id_transcript'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('interaction_id', name=op.f('pk_category_tagging'))
    )
    op.create_index('ix_category_tagging_set_version_id', 'category_tagging', ['set_version_id'], unique=False)
    op.create_index('ix_category_tagging_transcript_id', 'category_tagging', ['transcript_id'], unique=False)
    op.create_table('interaction_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('transcript_id', sa.Integer(), nullable=True),
    sa.Column('set_version_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.String(length=64), nullable=False),
    sa.Column('turn_index', sa.Integer(), nullable=True),
    sa.Column('speaker', sa.String(length=16), nullable=True),
    sa.Column('second', sa.Float(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], name=op.f('fk_interaction_category_interaction_id_interaction'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_version_id'], ['category_set_version.id'], name=op.f('fk_interaction_category_set_version_id_category_set_version')),
    sa.ForeignKeyConstraint(['transcript_id'], ['transcript.id'], name=op.f('fk_interaction_category_transcript_id_transcript'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interaction_category')),
    sa.UniqueConstraint('interaction_id', 'category_id', name='uq_interaction_category_category')
    )
    op.create_index('ix_interaction_category_category', 'interaction_category', ['category_id', 'set_version_id'], unique=False)
    op.create_index('ix_interaction_category_transcript_id', 'interaction_category', ['transcript_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_interaction_category_transcript_id', table_name='interaction_category')
    op.drop_index('ix_interaction_category_category', table_name='interaction_category')
    op.drop_table('interaction_category')
    op.drop_index('ix_category_tagging_transcript_id', table_name='category_tagging')
    op.drop_index('ix_category_tagging_set_version_id', table_name='category_tagging')
    op.drop_table('category_tagging')
    op.drop_table('category_set_version')
