"""the search index: one row per masked turn, a full-text index, and its vocabulary

FTS5 on SQLite (an external-content table kept in step by triggers), on PostgreSQL a stored
``search_tsv`` column (``to_tsvector('simple', text)``, generated) with a GIN index. Self-contained: the index is filled by
``python -m qa_app search --reindex`` (and from then on whenever a transcript is stored or
chat threads are imported), not here, so that the migration needs none of the app.

Revision ID: 0012_search_index
Revises: 0009_web_session
Create Date: 2026-12-01 23:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012_search_index'
down_revision: str | None = '0011_review_loop'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE search_turn_fts USING fts5(text, content='search_turn', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_turn_fts_insert AFTER INSERT ON search_turn BEGIN "
    "INSERT INTO search_turn_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER search_turn_fts_delete AFTER DELETE ON search_turn BEGIN "
    "INSERT INTO search_turn_fts(search_turn_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER search_turn_fts_update AFTER UPDATE OF text ON search_turn BEGIN "
    "INSERT INTO search_turn_fts(search_turn_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO search_turn_fts(rowid, text) VALUES (new.id, new.text); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS search_turn_fts_update",
    "DROP TRIGGER IF EXISTS search_turn_fts_delete",
    "DROP TRIGGER IF EXISTS search_turn_fts_insert",
    "DROP TABLE IF EXISTS search_turn_fts",
)
# The vector is stored (a generated column), not only indexed: a phrase, and any match the
# GIN index cannot settle alone, is checked again on the row, and recomputing to_tsvector
# for 200,000 candidate turns took 6 s at 100,000 calls.
POSTGRES_UP = (
    "ALTER TABLE search_turn ADD COLUMN search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, text)) STORED",
    "CREATE INDEX ix_search_turn_tsv ON search_turn USING gin (search_tsv)",
)
POSTGRES_DOWN = ("DROP INDEX IF EXISTS ix_search_turn_tsv",
                 "ALTER TABLE search_turn DROP COLUMN IF EXISTS search_tsv")


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    op.create_table('search_turn',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('transcript_id', sa.Integer(), nullable=True),
    sa.Column('turn_index', sa.Integer(), nullable=False),
    sa.Column('speaker', sa.String(length=16), nullable=True),
    sa.Column('start_second', sa.Float(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'],
                            name=op.f('fk_search_turn_interaction_id_interaction'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['transcript_id'], ['transcript.id'],
                            name=op.f('fk_search_turn_transcript_id_transcript'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_turn'))
    )
    op.create_index('ix_search_turn_interaction_id', 'search_turn', ['interaction_id'],
                    unique=False)
    op.create_index('ix_search_turn_transcript_id', 'search_turn', ['transcript_id'],
                    unique=False)
    op.create_table('search_term',
    sa.Column('term', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('term', name=op.f('pk_search_term'))
    )
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        _run(SQLITE_UP)
    elif dialect == 'postgresql':
        _run(POSTGRES_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        _run(SQLITE_DOWN)
    elif dialect == 'postgresql':
        _run(POSTGRES_DOWN)
    op.drop_table('search_term')
    op.drop_index('ix_search_turn_transcript_id', table_name='search_turn')
    op.drop_index('ix_search_turn_interaction_id', table_name='search_turn')
    op.drop_table('search_turn')
