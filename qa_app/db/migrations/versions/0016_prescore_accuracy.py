"""the pre-score accuracy snapshot (issue 14, point 6)

Replaces the per-form figures kept in ``app_setting`` under ``prescore_accuracy``: that row is
removed (the next refresh writes the snapshot; a downgrade leaves it to the next measurement).
An index on ``evaluation (status, finalized_at)`` lets the snapshot read the latest finalized
evaluations without sorting them all.

Revision ID: 0016_prescore_accuracy
Revises: 0015_report_generation
Create Date: 2026-12-02 04:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from qa_app.db.types import UTCDateTime

revision: str = '0016_prescore_accuracy'
down_revision: str | None = '0015_report_generation'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('prescore_accuracy_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('computed_at', UTCDateTime(), nullable=False),
    sa.Column('computed_by', sa.String(length=64), nullable=False),
    sa.Column('window', sa.Integer(), nullable=False),
    sa.Column('evaluations', sa.Integer(), nullable=False),
    sa.Column('first_finalized_at', UTCDateTime(), nullable=True),
    sa.Column('last_finalized_at', UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prescore_accuracy_snapshot'))
    )
    op.create_table('prescore_accuracy_row',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.String(length=64), nullable=False),
    sa.Column('item_id', sa.String(length=16), nullable=True),
    sa.Column('week', sa.Date(), nullable=True),
    sa.Column('evaluations', sa.Integer(), nullable=False),
    sa.Column('compared', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('agreement', sa.Float(), nullable=True),
    sa.Column('kappa', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['snapshot_id'], ['prescore_accuracy_snapshot.id'],
                            name=op.f('fk_prescore_accuracy_row_snapshot_id_'
                                     'prescore_accuracy_snapshot'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prescore_accuracy_row'))
    )
    op.create_index('ix_prescore_accuracy_row_snapshot_id', 'prescore_accuracy_row',
                    ['snapshot_id'], unique=False)
    op.create_index('ix_evaluation_status_finalized_at', 'evaluation',
                    ['status', 'finalized_at'], unique=False)
    op.execute("DELETE FROM app_setting WHERE key = 'prescore_accuracy'")


def downgrade() -> None:
    op.drop_index('ix_evaluation_status_finalized_at', table_name='evaluation')
    op.drop_index('ix_prescore_accuracy_row_snapshot_id', table_name='prescore_accuracy_row')
    op.drop_table('prescore_accuracy_row')
    op.drop_table('prescore_accuracy_snapshot')
