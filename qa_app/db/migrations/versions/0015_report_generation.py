"""report generation: one number raised by every write that changes what the reports read

Revision ID: 0015_report_generation
Revises: 0014_categories
Create Date: 2026-12-02 04:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015_report_generation'
down_revision: str | None = '0014_categories'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table('report_generation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_generation'))
    )
    op.bulk_insert(table, [{'id': 1, 'number': 0}])


def downgrade() -> None:
    op.drop_table('report_generation')
