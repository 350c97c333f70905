"""audit events record the client address of the request

Revision ID: 0008_audit_client_address
Revises: 0007_report_summaries
Create Date: 2026-12-01 20:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_audit_client_address'
down_revision: str | None = '0007_report_summaries'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN on both databases: a batch copy of the table on SQLite would drop the
    # append-only triggers of migration 0002.
    op.add_column('audit_event', sa.Column('client_address', sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.execute('ALTER TABLE audit_event DROP COLUMN client_address')
