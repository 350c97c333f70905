"""Search on both databases: the index follows stored transcripts and chats, scope and
masking hold, filters narrow, fuzzy search finds misheard words, every search is audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from qa_app.analytics.filters import SearchFilters
from qa_app.analytics.query import QueryError
from qa_app.db import migrate
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Interaction
from qa_app.db.search_models import SearchTerm, SearchTurn
from qa_app.db.work_models import PreScoreRecord, RubricVersion, Transcript
from qa_app.services.search import search_transcripts
from qa_app.services.search_index import index_chats, index_transcript, reindex
from tests.conftest import World

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def _store(session: Session, interaction_id: int, turns: list[tuple[str, float, str]]) -> None:
    document = {"duration": 60.0, "turns": [
        {"speaker": speaker, "start": start, "end": start + 3, "text": said}
        for speaker, start, said in turns]}
    session.add(Transcript(interaction_id=interaction_id, model="test", duration=60.0,
                           speakers_separated=True, document=document,
                           unmasked_document=None, created_at=NOW))
    index_transcript(session, interaction_id, document)


@pytest.fixture
def indexed(engine: Engine, world: World) -> World:
    ids = world.interaction_ids
    with Session(engine) as session, session.begin():
        _store(session, ids["OC-G1-0"], [
            ("agent", 0.0, "Selamat pagi, dengan Sari, ada yang bisa dibantu?"),
            ("customer", 4.5, "Saya mau tanya soal pinjaman gadai emas saya"),
            ("agent", 12.0, "Mohon sebutkan kode otp yang masuk ke ponsel Bapak")])
        _store(session, ids["OC-G2-0"], [
            ("agent", 0.0, "Selamat siang"),
            ("customer", 7.0, "Aplikasi PDS saya error terus, tidak bisa login")])
        _store(session, ids["OC-D1-0"], [
            ("customer", 3.0, "Nomor saya [PHONE], tolong dicek pinjaman saya"),
            ("agent", 9.0, "Baik, kode otp jangan diberikan ke siapa pun")])
        chat = session.get(Interaction, ids["OC-G1-1"])
        assert chat is not None
        chat.channel = "whatsapp"
        chat.chat_messages = [
            {"sender": "customer", "sent_at": "2026-11-16T03:00:00",
             "text": "Halo, nomor HP saya 081234567890, pinjaman saya kapan cair?"},
            {"sender": "agent", "sent_at": "2026-11-16T03:01:30",
             "text": "Baik Kak, pinjaman sedang diproses"}]
        session.flush()
        index_chats(session, [chat.id])
    return world


def _search(engine: Engine, who: object, query: str, **options: object) -> list[tuple[str, ...]]:
    with Session(engine) as session, session.begin():
        result = search_transcripts(session, who, query, **options)  # type: ignore[arg-type]
    return [(hit.source_id, hit.speaker or "-", str(hit.start_second)) for hit in result.hits]


def test_a_phrase_is_found_with_its_call_turn_and_second(engine: Engine,
                                                         indexed: World) -> None:
    manager = indexed.users["manager"]
    # newest call first (these two began at the same time: the later one imported first)
    assert _search(engine, manager, '"kode otp"') == [
        ("OC-D1-0", "agent", "9.0"), ("OC-G1-0", "agent", "12.0")]
    # words in another order are no phrase, but are all in one turn
    assert _search(engine, manager, '"otp kode"') == []
    assert len(_search(engine, manager, "otp kode")) == 2


def test_scope_an_agent_finds_only_their_own_calls(engine: Engine, indexed: World) -> None:
    users = indexed.users
    everywhere = {hit[0] for hit in _search(engine, users["manager"], "pinjaman")}
    assert everywhere == {"OC-G1-0", "OC-D1-0", "OC-G1-1"}
    assert {hit[0] for hit in _search(engine, users["agent"], "pinjaman")} == {
        "OC-G1-0", "OC-G1-1"}
    assert {hit[0] for hit in _search(engine, users["teamlead"], "pinjaman")} == {
        "OC-G1-0", "OC-G1-1"}
    assert {hit[0] for hit in _search(engine, users["qco1"], "pinjaman")} == {
        "OC-G1-0", "OC-D1-0"}
    assert _search(engine, users["admin"], "pinjaman") == []


def test_only_masked_text_is_indexed_and_shown(engine: Engine, indexed: World) -> None:
    manager = indexed.users["manager"]
    assert _search(engine, manager, "081234567890") == []
    with Session(engine) as session, session.begin():
        hit = search_transcripts(session, manager, "cair").hits[0]
        assert "081234567890" not in hit.text and "cair" in hit.text
        stored = " ".join(session.scalars(select(SearchTurn.text)))
        assert "081234567890" not in stored
        assert session.scalar(select(func.count()).select_from(SearchTerm).where(
            SearchTerm.term == "081234567890")) == 0


def test_filters_narrow_the_hits(engine: Engine, indexed: World) -> None:
    manager = indexed.users["manager"]
    ids = indexed.interaction_ids
    assert _search(engine, manager, "pinjaman",
                   filters=SearchFilters(speaker="agent")) == [("OC-G1-1", "agent", "90.0")]
    assert {h[0] for h in _search(engine, manager, "pinjaman", filters=SearchFilters(
        agent_ids=frozenset({indexed.agent_ids["D1"]})))} == {"OC-D1-0"}
    assert {h[0] for h in _search(engine, manager, "pinjaman", filters=SearchFilters(
        channels=frozenset({"whatsapp"})))} == {"OC-G1-1"}
    with Session(engine) as session, session.begin():
        version = RubricVersion(rubric_id="f", version="1", content_hash="x", document={},
                                created_at=NOW)
        session.add(version)
        session.flush()
        session.add(PreScoreRecord(interaction_id=ids["OC-D1-0"],
                                   rubric_version_id=version.id, score=40.0, fatal=True,
                                   pending_weight=0.0, document={}, created_at=NOW))
    assert {h[0] for h in _search(engine, manager, "pinjaman", filters=SearchFilters(
        prescore_range=(0, 50)))} == {"OC-D1-0"}
    assert {h[0] for h in _search(engine, manager, "pinjaman", filters=SearchFilters(
        fatal=False))} == {"OC-G1-0", "OC-G1-1"}
    assert _search(engine, manager, "pinjaman", filters=SearchFilters(
        csi_scores=frozenset({1}))) == []
    assert {h[0] for h in _search(engine, manager, "pinjaman", filters=SearchFilters(
        csi_scores=frozenset({4, 5})))} == {"OC-G1-0", "OC-D1-0", "OC-G1-1"}


def test_fuzzy_search_finds_misheard_and_suffixed_words(engine: Engine,
                                                        indexed: World) -> None:
    manager = indexed.users["manager"]
    assert _search(engine, manager, "pinjamam") == []
    assert len(_search(engine, manager, "pinjamam", fuzzy=True)) == 4
    assert {h[0] for h in _search(engine, manager, '"kade otp"', fuzzy=True)} == {
        "OC-G1-0", "OC-D1-0"}
    with Session(engine) as session, session.begin():
        result = search_transcripts(session, manager, "aplikasi", fuzzy=True)
        assert [piece for piece, marked in result.hits[0].pieces if marked] == ["Aplikasi"]


@pytest.mark.parametrize("candidates", [0, 1, 5000])
def test_hits_are_the_same_however_many_matches_are_gathered_first(
        engine: Engine, indexed: World, candidates: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL gathers up to PG_CANDIDATES matches through the index, else leaves the
    order to the planner: both ways give the same turns, newest first, within the scope."""
    from qa_app.db import search_store
    manager, agent = indexed.users["manager"], indexed.users["agent"]
    monkeypatch.setattr(search_store, "PG_CANDIDATES", candidates)
    assert _search(engine, manager, "pinjaman") == [
        ("OC-G1-1", "customer", "0.0"), ("OC-G1-1", "agent", "90.0"),
        ("OC-D1-0", "customer", "3.0"), ("OC-G1-0", "customer", "4.5")]
    assert _search(engine, manager, '"kade otp"', fuzzy=True) == [
        ("OC-D1-0", "agent", "9.0"), ("OC-G1-0", "agent", "12.0")]
    assert {hit[0] for hit in _search(engine, agent, "pinjaman")} == {"OC-G1-0", "OC-G1-1"}


def test_every_search_is_audited_with_query_and_hits(engine: Engine, indexed: World) -> None:
    _search(engine, indexed.users["agent"], "pinjaman", fuzzy=True)
    with Session(engine) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "search")).one()
    assert event.username == "agent"
    assert event.details == {"query": "pinjaman", "fuzzy": True, "hits": 3, "more": False,
                             "filters": {}}
    _search(engine, indexed.users["manager"], "nomor 081234567890",
            filters=SearchFilters(speaker="customer"))
    with Session(engine) as session:
        typed = session.scalars(select(AuditEvent).where(AuditEvent.action == "search")
                                .order_by(AuditEvent.id.desc())).first()
    assert typed is not None and typed.details is not None
    assert typed.details["query"] == "nomor [PHONE]"  # the log keeps no typed number
    assert typed.details["filters"] == {"speaker": "customer"}


def test_a_new_transcript_replaces_the_turns_and_a_purge_removes_them(
        engine: Engine, indexed: World) -> None:
    manager = indexed.users["manager"]
    ids = indexed.interaction_ids
    with Session(engine) as session, session.begin():
        session.query(Transcript).filter_by(interaction_id=ids["OC-G2-0"]).delete()
        _store(session, ids["OC-G2-0"], [("customer", 2.0, "Lelang barang jaminan kapan")])
    assert _search(engine, manager, "login") == []
    assert _search(engine, manager, "lelang") == [("OC-G2-0", "customer", "2.0")]
    with Session(engine) as session, session.begin():
        session.query(Transcript).filter_by(interaction_id=ids["OC-G2-0"]).delete()
    assert _search(engine, manager, "lelang") == []


def test_reindex_rebuilds_the_same_index(engine: Engine, indexed: World) -> None:
    manager = indexed.users["manager"]
    before = _search(engine, manager, "pinjaman")
    with Session(engine) as session, session.begin():
        session.execute(text("DELETE FROM search_turn"))
    assert _search(engine, manager, "pinjaman") == []
    assert reindex(engine) == (4, 9)
    assert _search(engine, manager, "pinjaman") == before


def test_a_query_without_words_is_refused(engine: Engine, indexed: World) -> None:
    with pytest.raises(QueryError, match="no words"), Session(engine) as session:
        search_transcripts(session, indexed.users["manager"], ' "" ?! ')


def test_the_index_downgrades_and_upgrades(engine: Engine, indexed: World) -> None:
    migrate.downgrade(engine, "0011_review_loop")
    with Session(engine) as session:
        names = set(session.execute(text(
            "SELECT name FROM sqlite_master" if engine.dialect.name == "sqlite" else
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )).scalars())
    assert not {"search_turn", "search_term", "search_turn_fts"} & names
    migrate.upgrade(engine)
    assert reindex(engine) == (4, 9)
    assert len(_search(engine, indexed.users["manager"], '"kode otp"')) == 2
