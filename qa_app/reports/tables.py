"""Rollup tables as the pages show them: chosen columns, headers in the user's language,
figures rounded, the margin as ±, marks for targets and quotas. No Streamlit here."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from qa_app.i18n import t

PERCENT_COLUMNS = ("completion", "failure_rate", "share", "cumulative_share", "fatal_rate")


def _number(value: object, digits: int = 1) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits) if isinstance(value, float) else value


def _cell(column: str, value: object, language: str) -> object:
    if column == "margin":
        number = _number(value)
        return "" if number is None else f"±{number}"
    if column == "under_quota":
        return t("reports.mark.under_quota", language) if value is True else ""
    if column in PERCENT_COLUMNS:
        number = _number(value, 3)
        return None if number is None else round(float(number) * 100, 1)  # type: ignore[arg-type]
    if isinstance(value, bool) or column.endswith("_met") or column == "meets_target":
        if value is None or value is pd.NA:
            return ""
        return t("reports.mark.yes" if value else "reports.mark.no", language)
    return _number(value)


def display(table: pd.DataFrame, columns: Sequence[str], language: str) -> pd.DataFrame:
    """``columns`` of ``table`` with translated headers (``reports.col.<name>``)."""
    return pd.DataFrame({
        t(f"reports.col.{column}", language): [_cell(column, value, language)
                                               for value in table[column]]
        for column in columns
    })


QM_COLUMNS = ("evaluations", "quota", "under_quota", "qm", "margin", "meets_target", "fatal")
COMPLETION_COLUMNS = ("quota", "drawn", "targeted", "finalized", "completion")
REVIEWER_COLUMNS = ("reviewer", "month", "assigned", "finalized", "completion")
PARETO_COLUMNS = ("item_id", "item_text", "applicable", "no", "partial", "failed",
                  "failure_rate", "fatal_failed", "cumulative_share")
CSI_COLUMNS = ("month", "responses", "n1", "n2", "n3", "n4", "n5", "mean", "index", "band")
CSI_ITEM_COLUMNS = ("item_id", "pass_n", "pass_csi", "fail_n", "fail_csi", "difference")
MISMATCH_COLUMNS = ("evaluation_id", "agent", "team", "week", "kind", "score", "csi",
                    "mismatch_label")
KPI_COLUMNS = ("month", "offered", "handled", "aht", "aht_met", "responses", "first_response",
               "first_response_within", "first_response_met", "scr", "scr_met")


def with_item_texts(table: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    return table.assign(item_text=table["item_id"].map(lambda item: texts.get(item, "")))


def with_mismatch_labels(table: pd.DataFrame, language: str) -> pd.DataFrame:
    return table.assign(mismatch_label=table["mismatch"].map(
        lambda code: t(f"reports.mismatch.{code}", language)) if len(table) else [])


def figure(table: pd.DataFrame, column: str, digits: int = 1) -> str:
    """The first row's ``column`` as text for a metric, or "–" when there is none."""
    if not len(table):
        return "–"
    number = _number(table[column].iloc[0])
    return "–" if number is None else f"{float(number):.{digits}f}"  # type: ignore[arg-type]
