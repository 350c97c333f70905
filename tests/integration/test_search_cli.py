"""`python -m qa_app search`, run as a user would: hits as lines or JSON, --reindex, and the
audit entry of a search from the command line."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qa_app.db import migrate
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Agent, Interaction, Team
from qa_app.db.search_models import SearchTurn
from qa_app.db.session import build_engine
from qa_app.db.work_models import Transcript
from qa_app.services.search_index import index_transcript

CliRun = Callable[..., subprocess.CompletedProcess[str]]
BEGAN = datetime(2026, 11, 16, 2, tzinfo=UTC)


def _database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'qa.sqlite'}"
    engine = build_engine(url)
    migrate.upgrade(engine)
    document = {"duration": 30.0, "turns": [
        {"speaker": "agent", "start": 0.5, "end": 3, "text": "Mohon sebutkan kode otp Bapak"},
        {"speaker": "customer", "start": 4.25, "end": 6, "text": "Kode otp saya [NUMBER]"}]}
    with Session(engine) as session, session.begin():
        agent = Agent(employee_id="PGD001", name="Sari", hire_date=date(2025, 1, 6), tier=1,
                      team=Team(name="Tim Gadai"), row_hash=0)
        session.add(agent)
        session.flush()
        call = Interaction(source_id="OC-1", agent_id=agent.id, channel="voice",
                           direction="inbound", started_at=BEGAN, ended_at=BEGAN,
                           consent="given", row_hash=0)
        session.add(call)
        session.flush()
        session.add(Transcript(interaction_id=call.id, model="test", duration=30.0,
                               speakers_separated=True, document=document,
                               unmasked_document=None, created_at=BEGAN))
        index_transcript(session, call.id, document)
    engine.dispose()
    return url


def test_search_prints_hits_and_json_and_is_audited(tmp_path: Path, qa_cli: CliRun) -> None:
    url = _database(tmp_path)
    lines = qa_cli(tmp_path, "search", "kode otp", QA_DATABASE_URL=url)
    assert lines.returncode == 0, lines.stderr
    assert lines.stdout.splitlines()[0].startswith("1\tagent\t0.5\tMohon sebutkan kode otp")
    assert "2 turns" in lines.stderr
    agent_only = qa_cli(tmp_path, "search", "KODE OTP", "--speaker", "customer", "--json",
                        QA_DATABASE_URL=url)
    hits = json.loads(agent_only.stdout)["hits"]
    assert [(h["interaction_id"], h["speaker"], h["start"], h["text"]) for h in hits] == [
        (1, "customer", 4.25, "Kode otp saya [NUMBER]")]
    assert json.loads(qa_cli(tmp_path, "search", "otp kode", "--json",
                             QA_DATABASE_URL=url).stdout)["hits"] == []  # not the phrase
    assert len(json.loads(qa_cli(tmp_path, "search", "otp kode", "--words", "--json",
                                 QA_DATABASE_URL=url).stdout)["hits"]) == 2
    fuzzy = qa_cli(tmp_path, "search", "sebutkn", "--fuzzy", "--json", QA_DATABASE_URL=url)
    assert len(json.loads(fuzzy.stdout)["hits"]) == 1
    engine = build_engine(url)
    with Session(engine) as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "search")).all()
    assert [e.username for e in events] == ["cli"] * 5
    assert events[1].details is not None and events[1].details["filters"] == {
        "speaker": "customer"}


def test_reindex_and_a_query_without_words(tmp_path: Path, qa_cli: CliRun) -> None:
    url = _database(tmp_path)
    engine = build_engine(url)
    with Session(engine) as session, session.begin():
        session.execute(delete(SearchTurn))
    assert qa_cli(tmp_path, "search", "otp", "--json", QA_DATABASE_URL=url).stdout.count(
        "interaction_id") == 0
    rebuilt = qa_cli(tmp_path, "search", "--reindex", QA_DATABASE_URL=url)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "1 transcripts and chat threads, 2 turns" in rebuilt.stdout
    assert qa_cli(tmp_path, "search", "otp", "--json", QA_DATABASE_URL=url).stdout.count(
        "interaction_id") == 2
    empty = qa_cli(tmp_path, "search", "?!", QA_DATABASE_URL=url)
    assert empty.returncode == 2 and "no words" in empty.stderr
