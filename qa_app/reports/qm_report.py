"""The monthly QM report per team: rows for the summary and each team, and the XLSX and
CSV files. Every text cell is formula-neutralized (``exports.neutralize``)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.exports import csv_bytes, neutralize
from qa_app.i18n import t
from qa_app.reports.queries.quality import QualityData
from qa_app.reports.rollups import csi, qm
from qa_app.reports.targets import ReportTargets

SUMMARY_COLUMNS = ("team", "evaluations", "quota", "under_quota", "qm", "low", "high",
                   "meets_target", "fatal", "rolling_qm", "rolling_evaluations", "targeted",
                   "targeted_qm", "csi_responses", "csi_index", "csi_band")
AGENT_COLUMNS = ("agent", *SUMMARY_COLUMNS)
NUMBER_FORMATS = {"qm": "0.0", "low": "0.0", "high": "0.0", "rolling_qm": "0.0",
                  "targeted_qm": "0.0", "csi_index": "0.0"}


def _clean(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()  # numpy scalars → Python
    return value


def report_rows(data: QualityData, month: str, target: float, targets: ReportTargets,
                level: str) -> pd.DataFrame:
    """One row per team (``level`` team) or agent (``level`` agent) for ``month``."""
    keys = ["team"] if level == "team" else ["agent_id", "agent", "team"]
    month_evaluations = data.evaluations[data.evaluations["month"] == month]
    month_quotas = data.quotas[data.quotas["month"] == month]
    base = qm.qm_table(month_evaluations, level, None, target, month_quotas)
    rolling = qm.rolling_qm(data.evaluations, level, target, data.quotas)
    rolling = rolling[rolling["month"] == month][[*keys, "qm", "evaluations"]].rename(
        columns={"qm": "rolling_qm", "evaluations": "rolling_evaluations"})
    targeted = qm.qm_table(month_evaluations, level, None, target, kind="targeted")[
        [*keys, "evaluations", "qm"]].rename(columns={"evaluations": "targeted",
                                                      "qm": "targeted_qm"})
    survey = csi.csi_table(data.csi[data.csi["month"] == month],
                           keys if level == "agent" else ["team"], targets.csi)[
        [*keys, "responses", "index", "band"]].rename(columns={
            "responses": "csi_responses", "index": "csi_index", "band": "csi_band"})
    table = base
    for extra in (rolling, targeted, survey):
        table = table.merge(extra, on=keys, how="left")
    for column in ("targeted", "csi_responses", "rolling_evaluations"):
        table[column] = table[column].fillna(0).astype(int)
    return table.sort_values(["team", "agent"] if level == "agent" else keys) \
        .reset_index(drop=True)


def _header(columns: Sequence[str], language: str) -> list[str]:
    return [t(f"reports.col.{column}", language) for column in columns]


def _rows(table: pd.DataFrame, columns: Sequence[str]) -> list[list[object]]:
    return [[_clean(value) for value in row]
            for row in table[list(columns)].itertuples(index=False)]


def report_csv(agents: pd.DataFrame, language: str) -> bytes:
    return csv_bytes(_header(AGENT_COLUMNS, language), _rows(agents, AGENT_COLUMNS))


def report_xlsx(teams: pd.DataFrame, agents: pd.DataFrame, month: str, target: float,
                language: str) -> bytes:
    """A summary sheet and one sheet per team: a title line, a bold filled header, number
    formats, QM below target in red, under-quota rows marked, frozen header and filters."""
    from openpyxl import Workbook

    workbook = Workbook()
    summary = workbook.active
    summary.title = t("reports.export.summary_sheet", language)[:31]
    _fill_sheet(summary, t("reports.export.title", language, month=month, target=target),
                SUMMARY_COLUMNS, _rows(teams, SUMMARY_COLUMNS), target, language)
    for team, rows in agents.groupby("team", sort=True):
        title = _sheet_title(str(team), workbook.sheetnames)
        _fill_sheet(workbook.create_sheet(title), f"{team} — {month}", AGENT_COLUMNS,
                    _rows(rows, AGENT_COLUMNS), target, language)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(team: str, taken: list[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in team).strip("'")[:31] or "Tim"
    title, n = base, 2
    while title in taken:
        title, n = f"{base[:28]}~{n}", n + 1
    return title


def _fill_sheet(sheet: Worksheet, title: str, columns: Sequence[str],
                rows: list[list[object]], target: float, language: str) -> None:
    from openpyxl.styles import Font, PatternFill

    sheet.append([neutralize(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    headers = _header(columns, language)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
    marks = {True: t("reports.mark.yes", language), False: t("reports.mark.no", language)}
    for row in rows:
        sheet.append([neutralize(marks[v] if isinstance(v, bool) else v) for v in row])
        for index, (column, value) in enumerate(zip(columns, row, strict=True), 1):
            cell = sheet.cell(sheet.max_row, index)
            if column in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column]
            if column == "qm" and isinstance(value, float) and value < target:
                cell.font = Font(bold=True, color="C00000")
            if column == "under_quota" and value is True:
                cell.fill = PatternFill("solid", fgColor="FFF2CC")
    last_column = sheet.cell(2, len(columns)).column_letter
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{last_column}{sheet.max_row}"
    for index, header in enumerate(headers, 1):
        sheet.column_dimensions[sheet.cell(2, index).column_letter].width = max(
            12, min(len(header) + 2, 40))

def audited_export(session: Session, principal: Principal, data: QualityData, month: str,
                   kind: str, language: str, target: float, targets: ReportTargets,
                   team: str | None = None, session_id: str | None = None) -> bytes:
    """The report file (``kind`` csv or xlsx) of the data in the principal's scope, with the
    export recorded in the audit log in the same transaction."""
    if kind not in ("csv", "xlsx"):
        raise ValueError(f"export kind {kind!r}: use csv or xlsx")
    agents = report_rows(data, month, target, targets, "agent")
    audit.record(session, principal, "export", target_kind="qm_report",
                 target_id=team or month, session_id=session_id,
                 details={"format": kind, "month": month, "team": team, "rows": len(agents)})
    if kind == "csv":
        return report_csv(agents, language)
    return report_xlsx(report_rows(data, month, target, targets, "team"), agents, month,
                       target, language)
