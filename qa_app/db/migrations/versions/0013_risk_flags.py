"""risk flags of screened calls; a sample may have no draw (a targeted review from a flag)

On SQLite making ``sample.draw_id`` nullable rebuilds the table (batch mode); env.py runs
the migrations with foreign keys off there, so the rebuild neither cascades nor fails on the
evaluations that point at samples, and checks them afterwards.

Revision ID: 0013_risk_flags
Revises: 0012_search_index
Create Date: 2026-12-02 04:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from qa_app.db.types import UTCDateTime

revision: str = '0013_risk_flags'
down_revision: str | None = '0012_search_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON(none_as_null=True).with_variant(
    postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    op.create_table('risk_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('top_reason', sa.String(length=16), nullable=False),
    sa.Column('reasons', JSON, nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('decided_at', UTCDateTime(), nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('sample_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'sent', 'dismissed')", name=op.f('ck_risk_flag_status')),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], name=op.f('fk_risk_flag_interaction_id_interaction'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sample_id'], ['sample.id'], name=op.f('fk_risk_flag_sample_id_sample'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_flag')),
    sa.UniqueConstraint('interaction_id', name=op.f('uq_risk_flag_interaction_id'))
    )
    with op.batch_alter_table('risk_flag', schema=None) as batch_op:
        batch_op.create_index('ix_risk_flag_status_created', ['status', 'created_at'], unique=False)
    with op.batch_alter_table('sample', schema=None) as batch_op:
        batch_op.alter_column('draw_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # a sample without a draw cannot stay: one not yet scored goes (with its assignment
    # log), one already scored stops the downgrade rather than lose an evaluation
    scored = op.get_bind().scalar(sa.text(
        "SELECT count(*) FROM sample WHERE draw_id IS NULL "
        "AND id IN (SELECT sample_id FROM evaluation)"))
    if scored:
        raise RuntimeError(f"{scored} targeted reviews sent from risk flags already have an "
                           "evaluation; a database before 0013_risk_flags cannot hold them")
    orphans = "SELECT id FROM sample WHERE draw_id IS NULL"
    op.execute("DELETE FROM risk_flag")
    op.execute(f"DELETE FROM sample_assignment_log WHERE sample_id IN ({orphans})")
    op.execute("DELETE FROM sample WHERE draw_id IS NULL")
    with op.batch_alter_table('sample', schema=None) as batch_op:
        batch_op.alter_column('draw_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('risk_flag', schema=None) as batch_op:
        batch_op.drop_index('ix_risk_flag_status_created')
    op.drop_table('risk_flag')
