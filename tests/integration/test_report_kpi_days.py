"""report_kpi_day follows imports (new rows, rows moved to another agent or day) and gives
the same daily sums as counting the interactions."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.config import get_settings
from qa_app.db.summary_models import KpiDay, SummaryBasis
from qa_app.reports.queries.kpi_sums import daily_sums, readable
from qa_app.reports.queries.scope_filter import Filter
from qa_app.reports.summaries import kpi_day_table as kpi_days
from qa_app.reports.targets import KpiSettings, cached_targets
from tests.integration.test_bulk_import import run

ROSTER = ("ID Karyawan;Nama Agent;Tanggal Masuk;Tier;Tim\n"
          "PGD00001;Rina;05/01/2026;Tier 1;Pagi\nPGD00002;Budi;05/01/2026;Tier 1;Siang\n")
HEADER = "ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai,Durasi Bicara\n"
MANAGER = Principal(user_id=1, username="manager", display_name="Manager", role="manager")


def _file(rows: list[tuple[str, str, str]]) -> str:
    """(id, agent, local start "dd/mm/yyyy hh:mm") voice calls of 30 s talk."""
    return HEADER + "".join(f"{source_id},{agent},Voice,Inbound,{start}:00,{start}:30,30\n"
                            for source_id, agent, start in rows)


def _rows(engine: Engine) -> list[tuple[object, ...]]:
    with Session(engine) as session:
        return sorted(tuple(row) for row in session.execute(select(
            KpiDay.agent_id, KpiDay.day, KpiDay.offered, KpiDay.handled, KpiDay.handle_seconds)))


def _basis() -> tuple[object, KpiSettings]:
    settings = get_settings()
    return settings.tz, cached_targets(settings.report_targets_file).kpi


def test_imports_keep_the_kpi_days_equal_to_a_recount(engine: Engine) -> None:
    run(engine, "roster", ROSTER)
    run(engine, "interactions", _file([("A1", "PGD00001", "01/10/2026 08:00"),
                                       ("A2", "PGD00001", "01/10/2026 23:59"),
                                       ("A3", "PGD00002", "02/10/2026 00:01")]))
    first = _rows(engine)
    assert [(day, offered) for _, day, offered, *_ in first] == [
        ("2026-10-01", 2), ("2026-10-02", 1)]
    # A2 moves to the other agent and to the 3rd; a new call on the 1st
    run(engine, "interactions", _file([("A2", "PGD00002", "03/10/2026 09:00"),
                                       ("A4", "PGD00001", "01/10/2026 10:00")]))
    kept = _rows(engine)
    assert [(day, offered) for _, day, offered, *_ in kept] == [
        ("2026-10-01", 2), ("2026-10-02", 1), ("2026-10-03", 1)]
    zone, settings = _basis()
    with Session(engine) as session:
        kpi_days.rebuild(session, zone, settings)
        session.flush()
        assert sorted(tuple(row) for row in session.execute(select(
            KpiDay.agent_id, KpiDay.day, KpiDay.offered, KpiDay.handled,
            KpiDay.handle_seconds))) == kept
        session.rollback()


def test_daily_sums_from_the_summary_equal_those_of_the_interactions(engine: Engine) -> None:
    run(engine, "roster", ROSTER)
    run(engine, "interactions", _file([("B1", "PGD00001", "30/09/2026 23:30"),
                                       ("B2", "PGD00002", "01/10/2026 00:30"),
                                       ("B3", "PGD00002", "31/10/2026 23:59"),
                                       ("B4", "PGD00001", "01/11/2026 00:00")]))
    zone, settings = _basis()
    chosen = Filter(("2026-10",), None, None)
    with Session(engine) as session:
        assert readable(session, MANAGER, zone, settings)
        summed = {level: daily_sums(session, MANAGER, chosen, zone, settings, level)
                  for level in ("team", "agent")}
        session.execute(delete(SummaryBasis))
        assert not readable(session, MANAGER, zone, settings)
        for level, frame in summed.items():
            counted = daily_sums(session, MANAGER, chosen, zone, settings, level)
            pd.testing.assert_frame_equal(frame, counted)
            assert frame["offered"].sum() == 2
        session.rollback()
