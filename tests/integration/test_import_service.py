"""The import use case: audited in the import's own transaction, from the page and the command
line alike, and the rejected rows' export masked unless the requester has the right."""

from __future__ import annotations

import getpass
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import ImportBatch
from qa_app.ingest.mapping import load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.services.imports import NotAllowed, export_rejected_rows, import_file
from qa_app.services.requester import Requester

CliRun = Callable[..., subprocess.CompletedProcess[str]]  # the qa_cli fixture
ROSTER = ("ID Karyawan;Nama Agent;Tanggal Masuk;Tier;Tim\n"
          "PGD00001;Rina;05/01/2026;Tier 1;Pagi\n"
          "PGD00002;Budi 0812-3456-7890;31/02/2026;Tier 1;Pagi\n")


def events(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def test_cli_import_and_unmasked_export_are_audited(engine: Engine, tmp_path: Path,
                                                    qa_cli: CliRun) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    url = engine.url.render_as_string(hide_password=False)
    result = qa_cli(tmp_path, "import", "roster", str(roster), "--by", "dewi",
                    "--rejections-csv", str(tmp_path / "rejected.csv"), "--unmasked",
                    QA_DATABASE_URL=url, QA_LANGUAGE="en")
    assert result.returncode == 0, result.stderr
    assert "0812-3456-7890" in (tmp_path / "rejected.csv").read_text(encoding="utf-8-sig")

    logged = events(engine)
    assert [(e.username, e.action, e.target_kind) for e in logged] == [
        ("cli", "import", "import_batch"), ("cli", "unmasked_view", "import_rejections"),
        ("cli", "export", "import_rejections")]
    with Session(engine) as session:
        batch = session.scalars(select(ImportBatch)).one()
    assert batch.imported_by == "dewi"
    assert {e.target_id for e in logged} == {str(batch.id)}
    assert logged[0].details["os_user"] == getpass.getuser()
    assert logged[0].details["by"] == "dewi"
    assert (logged[0].details["rows"], logged[0].details["rejected"]) == (2, 1)
    assert logged[2].details["unmasked"] is True


def test_a_masked_cli_export_is_audited_as_an_export_only(engine: Engine, tmp_path: Path,
                                                         qa_cli: CliRun) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    result = qa_cli(tmp_path, "import", "roster", str(roster), "--rejections-csv",
                    str(tmp_path / "rejected.csv"),
                    QA_DATABASE_URL=engine.url.render_as_string(hide_password=False))
    assert result.returncode == 0, result.stderr
    assert "0812-3456-7890" not in (tmp_path / "rejected.csv").read_text(encoding="utf-8-sig")
    assert [e.action for e in events(engine)] == ["import", "export"]
    assert "by" not in events(engine)[0].details


def test_a_failed_import_is_audited_as_failed(engine: Engine, tmp_path: Path) -> None:
    source = TableSource(file_name="kosong.csv", content=b"Foo,Bar\n1,2\n")
    outcome = import_file(engine, Settings(home=tmp_path), Requester("cli"), "roster", source,
                          load_mapping())
    assert outcome.report.status == "failed"
    (event,) = events(engine)
    assert (event.action, event.outcome, event.target_id) == (
        "import", "failed", str(outcome.report.batch_id))
    assert event.details["error"] == "no_recognized_columns"


def test_unmasked_rejected_rows_need_the_right(engine: Engine, world, tmp_path: Path) -> None:
    source = TableSource(file_name="roster.csv", content=ROSTER.encode())
    lead = Requester(world.users["qcolead"], session_id="s1")
    batch_id = import_file(engine, Settings(home=tmp_path), lead, "roster", source,
                           load_mapping()).report.batch_id
    assert batch_id is not None
    qco = Requester(world.users["qco1"], session_id="s2")

    with pytest.raises(NotAllowed):
        export_rejected_rows(engine, qco, batch_id, "id", unmasked=True)
    masked = export_rejected_rows(engine, qco, batch_id, "id").decode("utf-8-sig")
    original = export_rejected_rows(engine, lead, batch_id, "id", unmasked=True)

    assert "0812-3456-7890" not in masked and "0812-3456-7890" in original.decode("utf-8-sig")
    trail = [(e.username, e.action, e.outcome, e.session_id) for e in events(engine)
             if e.target_kind in ("import_batch", "import_rejections")]
    assert trail == [("qcolead", "import", "ok", "s1"), ("qco1", "access_denied", "denied", "s2"),
                     ("qco1", "export", "ok", "s2"), ("qcolead", "unmasked_view", "ok", "s1"),
                     ("qcolead", "export", "ok", "s1")]
