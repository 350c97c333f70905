"""The fast path of a bulk import: a table that starts empty, read in several chunks.

On a fresh table the importer skips the look-up of existing rows and, on SQLite, builds the
plain indexes and checks its CHECK constraints once at the end instead of row by row. These
tests hold it to the same behaviour as the general path: duplicates across chunks rejected
with their first line, re-imports unchanged, indexes all there afterwards, a broken
constraint failing the file, nothing left behind by a fault.
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qa_app.db.models import ImportBatch, Interaction
from qa_app.ingest import reader, service
from qa_app.ingest.mapping import Mapping, load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.service import ImportReport, import_file

MAPPING = load_mapping()
ROSTER = "ID Karyawan;Nama Agent;Tanggal Masuk;Tier;Tim\nPGD00001;Rina;05/01/2026;Tier 1;Pagi\n"
HEADER = "ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai,Durasi Bicara\n"


def interactions(ids: list[str]) -> str:
    return HEADER + "".join(
        f"{source_id},PGD00001,Voice,Inbound,01/10/2026 08:{n:02d}:00,01/10/2026 08:{n:02d}:30,30\n"
        for n, source_id in enumerate(ids))


def run(engine: Engine, kind: str, content: str) -> ImportReport:
    return import_file(engine, kind, TableSource(file_name=f"{kind}.csv",
                                                 content=content.encode()), MAPPING, "test")


def indexes(engine: Engine) -> list[tuple[str, tuple[str, ...], bool]]:
    return sorted((i["name"] or "", tuple(c or "" for c in i["column_names"]), bool(i["unique"]))
                  for i in inspect(engine).get_indexes("interaction"))


def stored(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Interaction)) or 0


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "read_chunks", lambda source: reader.read_chunks(source, 3))


@pytest.mark.usefixtures("small_chunks")
def test_fresh_table_rejects_a_key_repeated_in_a_later_chunk(engine: Engine) -> None:
    run(engine, "roster", ROSTER)
    content = interactions(["OC-1", "OC-2", "OC-3", "OC-4", "OC-2", "OC-5", "OC-1"])
    report = run(engine, "interactions", content)
    assert [(r.line, r.reason, r.params) for r in report.rejections] == [
        (6, "duplicate_id", {"first_line": 3}), (8, "duplicate_id", {"first_line": 2})]
    assert (report.counts.inserted, stored(engine)) == (5, 5)
    again = run(engine, "interactions", content)
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 5)


def test_fresh_table_keeps_every_index(engine: Engine) -> None:
    before = indexes(engine)
    assert ("ix_interaction_agent_started", ("agent_id", "started_at"), False) in before
    run(engine, "roster", ROSTER)
    run(engine, "interactions", interactions(["OC-1", "OC-2"]))
    assert indexes(engine) == before
    run(engine, "interactions", interactions(["OC-3"]))  # not fresh any more
    assert indexes(engine) == before


@pytest.mark.usefixtures("small_chunks")
def test_fault_in_a_fresh_table_leaves_rows_and_indexes_as_before(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    run(engine, "roster", ROSTER)
    before = indexes(engine)
    importer = service.IMPORTERS["interactions"]
    calls = {"n": 0}

    def failing_write(*args: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return importer.write(*args)  # type: ignore[arg-type]

    monkeypatch.setitem(service.IMPORTERS, "interactions",
                        dataclasses.replace(importer, write=failing_write))
    with pytest.raises(OSError, match="disk full"):
        run(engine, "interactions", interactions([f"OC-{n}" for n in range(8)]))
    assert stored(engine) == 0
    assert indexes(engine) == before


def test_sqlite_stores_timestamps_as_sqlalchemy_writes_them(sqlite_engine: Engine) -> None:
    """Range queries on SQLite compare text, so the bulk path must write the ORM's form."""
    run(sqlite_engine, "roster", ROSTER)
    run(sqlite_engine, "interactions", interactions(["OC-1"]))
    with sqlite_engine.connect() as connection:
        raw = connection.exec_driver_sql("SELECT started_at, ended_at FROM interaction").one()
    assert tuple(raw) == ("2026-10-01 01:00:00.000000", "2026-10-01 01:00:30.000000")


def mapping_with_channel_code(code: str) -> Mapping:
    """A mapping whose author wrote a channel code the database does not accept."""
    kind = MAPPING.kinds["interactions"]
    values = {**kind.values, "channel": {**kind.values["channel"], "voice": code}}
    kinds = {**MAPPING.kinds, "interactions": dataclasses.replace(kind, values=values)}
    return dataclasses.replace(MAPPING, kinds=kinds)


def test_a_broken_check_constraint_fails_the_fresh_import_whole(engine: Engine) -> None:
    """The fast path checks the constraints once at the end instead of per row: a row that
    breaks one must still fail the file, leave nothing behind and name the constraint."""
    run(engine, "roster", ROSTER)
    source = TableSource(file_name="odd.csv", content=interactions(["OC-1", "OC-2"]).encode())
    with pytest.raises(Exception, match="ck_interaction_channel"):
        import_file(engine, "interactions", source, mapping_with_channel_code("fax"), "test")
    assert stored(engine) == 0
    with Session(engine) as session:
        failed = session.scalars(
            select(ImportBatch).where(ImportBatch.file_name == "odd.csv")).one()
        assert failed.status == "failed"
        assert "ck_interaction_channel" in failed.details["params"]["detail"]


def test_sqlite_checks_constraints_again_after_a_fast_import(sqlite_engine: Engine) -> None:
    run(sqlite_engine, "roster", ROSTER)
    run(sqlite_engine, "interactions", interactions(["OC-1"]))
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA ignore_check_constraints").scalar() == 0
        with pytest.raises(IntegrityError, match="ck_interaction_channel"):
            connection.exec_driver_sql("UPDATE interaction SET channel = 'fax'")
