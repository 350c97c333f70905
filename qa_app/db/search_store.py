"""Writing the search index and asking its full-text part, on SQLite and PostgreSQL.

Callers hand over turns already masked (qa_app.analytics.turns); this module only stores
them and knows each database's full-text syntax.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    any_,
    column,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from qa_app.db.search_models import FTS_TABLE, TSVECTOR_COLUMN, SearchTerm, SearchTurn

Turn = tuple[str | None, float, str]  # speaker, start second, masked text
_SIMPLE: ColumnElement[Any] = literal_column("'simple'::regconfig")
PG_CANDIDATES = 5000  # matches gathered through the GIN index before the newest are picked


def replace_turns(session: Session, interaction_id: int, turns: Sequence[Turn],
                  terms: Iterable[str], *, transcript_id: int | None = None) -> int:
    """The interaction's turns in the index, replacing those it had; returns how many."""
    session.execute(delete(SearchTurn).where(SearchTurn.interaction_id == interaction_id))
    if turns:
        session.execute(insert(SearchTurn), [
            {"interaction_id": interaction_id, "transcript_id": transcript_id,
             "turn_index": index, "speaker": speaker, "start_second": start, "text": said}
            for index, (speaker, start, said) in enumerate(turns)])
    add_terms(session, terms)
    return len(turns)


def add_terms(session: Session, terms: Iterable[str]) -> None:
    """Add the terms the vocabulary does not hold yet (concurrent writers are safe)."""
    rows = [{"term": term} for term in sorted(set(terms))]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    upsert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(upsert(SearchTerm).on_conflict_do_nothing(index_elements=["term"]), rows)


def vocabulary(session: Session) -> list[str]:
    return list(session.scalars(select(SearchTerm.term)))


def full_text_search(session: Session, statement: Select[Any], expression: str
                     ) -> Select[Any]:
    """``statement`` (over ``SearchTurn``) limited to the turns matching ``expression`` (an
    FTS5 MATCH expression on SQLite, a ``to_tsquery('simple', …)`` text on PostgreSQL),
    the turns indexed last first. On SQLite the FTS5 table drives the query in its own
    rowid order, so that with a LIMIT it stops early instead of listing every match.

    On PostgreSQL the planner cannot tell how rare a phrase is (it guesses from the words
    alone): for a fuzzy phrase it walked the primary key backwards testing every turn, 2.5 s
    at 2 million turns. So the matches are first gathered through the GIN index, at most
    :data:`PG_CANDIDATES`; when there are no more than that, the statement picks among
    them, and only a search that matches more (a common word, where walking backwards finds
    the newest quickly) is left to the planner's own order."""
    if session.get_bind().dialect.name == "postgresql":
        vector: ColumnElement[Any] = literal_column(
            f"{SearchTurn.__tablename__}.{TSVECTOR_COLUMN}")
        match = vector.op("@@")(func.to_tsquery(_SIMPLE, expression))
        candidates = list(session.scalars(
            select(SearchTurn.id).where(match).limit(PG_CANDIDATES + 1)))
        if len(candidates) <= PG_CANDIDATES:
            match = SearchTurn.id == any_(literal(candidates, ARRAY(Integer)))
        return statement.where(match).order_by(SearchTurn.id.desc())
    fts = table(FTS_TABLE, column("rowid", Integer))
    match = text(f"{FTS_TABLE} MATCH :fts_match").bindparams(fts_match=expression)
    return (statement.join(fts, fts.c.rowid == SearchTurn.id).where(match)
            .order_by(fts.c.rowid.desc()))


def clear(session: Session) -> None:
    """Empty the index (before a full re-index); the vocabulary is rebuilt too."""
    session.execute(delete(SearchTurn))
    session.execute(delete(SearchTerm))
