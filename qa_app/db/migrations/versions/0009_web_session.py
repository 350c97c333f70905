"""server-side web sessions behind the session cookie

Revision ID: 0009_web_session
Revises: 0008_audit_client_address
Create Date: 2026-12-01 20:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from qa_app.db.types import UTCDateTime

revision: str = '0009_web_session'
down_revision: str | None = '0008_audit_client_address'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('web_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('ticket_hash', sa.String(length=64), nullable=True),
    sa.Column('ticket_expires_at', UTCDateTime(), nullable=True),
    sa.Column('via_sso', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('client_address', sa.String(length=64), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('last_activity_at', UTCDateTime(), nullable=False),
    sa.Column('revoked_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                            name=op.f('fk_web_session_user_id_user_account'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_session')),
    sa.UniqueConstraint('public_id', name=op.f('uq_web_session_public_id')),
    sa.UniqueConstraint('ticket_hash', name=op.f('uq_web_session_ticket_hash')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_web_session_token_hash'))
    )
    op.create_index('ix_web_session_user_id', 'web_session', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_web_session_user_id', table_name='web_session')
    op.drop_table('web_session')
