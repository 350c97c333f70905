"""Rollup tables as the pages show them: chosen columns, headers in the user's language,
figures rounded, the 95% interval as "low–high", marks for targets and quotas. No Streamlit
here."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from qa_app.i18n import t
from qa_app.i18n.dates import day_text
from qa_app.reports.queries.evaluation_rows import ItemWording
from qa_app.reports.rollups.periods import shift_month
from qa_app.scoring.item_keys import ItemKey
from qa_app.web import words

PERCENT_COLUMNS = ("completion", "failure_rate", "share", "cumulative_share", "fatal_rate")


def _number(value: object, digits: int = 1) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits) if isinstance(value, float) else value


def _cell(column: str, value: object, language: str) -> object:
    if column == "kind":
        return words.sample_kind(None if _number(value) is None else str(value), language)
    if column == "answer":
        return words.answer(None if _number(value) is None else str(value), language)
    if column == "day":
        return day_text(None if _number(value) is None else str(value))
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


def interval_text(low: object, high: object, language: str) -> str:
    """The 95% interval of a QM as "83.7–98.6", or the "n too small" mark without one."""
    low_number, high_number = _number(low), _number(high)
    if low_number is None or high_number is None:
        return t("reports.mark.n_too_small", language)
    return f"{low_number}–{high_number}"


def _column(table: pd.DataFrame, column: str, language: str) -> list[object]:
    if column == "interval":
        return [interval_text(low, high, language)
                for low, high in zip(table["low"], table["high"], strict=True)]
    return [_cell(column, value, language) for value in table[column]]


def display(table: pd.DataFrame, columns: Sequence[str], language: str) -> pd.DataFrame:
    """``columns`` of ``table`` with translated headers (``reports.col.<name>``); the column
    ``interval`` is made of ``low`` and ``high``."""
    return pd.DataFrame({t(f"reports.col.{column}", language): _column(table, column, language)
                         for column in columns})


QM_COLUMNS = ("evaluations", "quota", "under_quota", "qm", "interval", "meets_target", "fatal")
COMPLETION_COLUMNS = ("quota", "drawn", "targeted", "finalized", "completion")
REVIEWER_COLUMNS = ("reviewer", "month", "assigned", "finalized", "completion")
PARETO_COLUMNS = ("form_name", "item_id", "item_text", "applicable", "no", "partial", "failed",
                  "failure_rate", "fatal_failed", "cumulative_share")
CSI_COLUMNS = ("month", "responses", "n1", "n2", "n3", "n4", "n5", "mean", "index", "band")
CSI_ITEM_COLUMNS = ("form_name", "item_id", "item_text", "pass_n", "pass_csi", "fail_n",
                    "fail_csi", "difference")
MISMATCH_COLUMNS = ("evaluation_id", "agent", "team", "week", "kind", "score", "csi",
                    "mismatch_label")
KPI_COLUMNS = ("month", "offered", "handled", "aht", "aht_met", "responses", "first_response",
               "first_response_within", "first_response_met", "scr", "scr_met")


def form_name(form: str, wording: ItemWording, language: str) -> str:
    """A form as people call it ("Chat", "Panggilan keluar"): from the catalogs, else the
    stored title of a form they do not name yet; never the rubric's code."""
    key = f"forms.name.{form}"
    named = t(key, language)
    return wording.titles.get(form, "") if named == key else named


def item_label(form: str, item_id: str, wording: ItemWording, language: str) -> str:
    """ "Chat · P1": an item id with the form it belongs to (ids repeat across forms)."""
    return t("forms.item_label", language, form=form_name(form, wording, language), item=item_id)


def with_item_texts(table: pd.DataFrame, wording: ItemWording, language: str) -> pd.DataFrame:
    """``table`` (with ``form`` and ``item_id``) with ``form_name`` and ``item_text`` beside."""
    keys = [ItemKey(form, item) for form, item in zip(table["form"], table["item_id"],
                                                      strict=True)]
    return table.assign(form_name=[form_name(key.form, wording, language) for key in keys],
                        item_text=[wording.texts.get(key, "") for key in keys])


def with_mismatch_labels(table: pd.DataFrame, language: str) -> pd.DataFrame:
    return table.assign(mismatch_label=table["mismatch"].map(
        lambda code: t(f"reports.mismatch.{code}", language)) if len(table) else [])


def figure(table: pd.DataFrame, column: str, digits: int = 1) -> str:
    """The first row's ``column`` as text for a metric, or "–" when there is none."""
    if not len(table):
        return "–"
    number = _number(table[column].iloc[0])
    return "–" if number is None else f"{float(number):.{digits}f}"  # type: ignore[arg-type]


def target_delta(value: str, target: float, language: str, digits: int = 1) -> str | None:
    """A metric's distance to its target ("+1.7 vs target 95"), signed so that Streamlit
    colours it; None when the metric has no value ("–")."""
    if value == "–":
        return None
    return t("reports.metric.delta", language, delta=f"{float(value) - target:+.{digits}f}",
             target=f"{target:g}")


def window(month: str, months: int) -> str:
    """The months a rolling figure pools, "2026-09 – 2026-11"."""
    return f"{shift_month(month, 1 - months)} – {month}"
