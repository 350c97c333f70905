"""The one way a page shows a table: guarded cells, and no download beside the app's own.

Read-only report tables are drawn as plain HTML tables (:func:`light_table`): Streamlit's
grid draws each table on a canvas and builds its accessible copy late, which made a report
page of a dozen tables take over a second to settle in the browser (``benchmarks/page_bench.py``).

Streamlit's table toolbar would offer every shown table as a CSV, past the masking, the
audit and the formula guard of the app's export buttons. The toolbar's download (and its
clipboard copy) is switched off for the whole app by ``client.disableDataExport`` in
``.streamlit/config.toml``, set here as well for a server started with another config; and
the cells are guarded (:func:`qa_app.exports.guarded_frame`) in case a copy gets out anyway.
"""

from __future__ import annotations

import html
import math
from collections.abc import Collection
from numbers import Number
from typing import Any

import pandas as pd
import streamlit as st

from qa_app.exports import guarded_frame
from qa_app.i18n.labels import EMPTY

DATA_EXPORT_OPTION = "client.disableDataExport"


def show_table(data: object, *, personal: Collection[str] = (), hide_index: bool = True,
               **options: Any) -> Any:
    """Show ``data`` (a frame, dict of columns or list of rows) with ``st.dataframe``; a
    missing cell reads "—" (Streamlit's own would be "None").

    ``personal`` names the columns whose cells can hold a customer's identifiers; they are
    masked. ``options`` go to ``st.dataframe`` (``key``, ``width``, ``on_select``, ...);
    what it returns (the selection, with ``on_select``) is returned.
    """
    if not st.get_option(DATA_EXPORT_OPTION):
        st.set_option(DATA_EXPORT_OPTION, True)
    return st.dataframe(guarded_frame(data, personal), hide_index=hide_index,
                        placeholder=EMPTY, **options)


def static_table(data: object, *, personal: Collection[str] = (),
                 hide_index: bool = True) -> None:
    """A short table without a toolbar (``st.table``), with the same guarded cells."""
    st.table(with_empty_mark(guarded_frame(data, personal)), hide_index=hide_index)


def with_empty_mark(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing cells as "—" for ``st.table``, which has no placeholder and would write
    "None" (or "nan"). A column with a gap becomes text (Arrow takes no numbers and text in
    one column)."""
    missing = frame.isna()
    if not missing.to_numpy().any():
        return frame
    frame = frame.copy()
    for position in [n for n, gap in enumerate(missing.any().to_numpy()) if gap]:
        frame.isetitem(position, [EMPTY if gap else str(cell) for cell, gap in
                                  zip(frame.iloc[:, position], missing.iloc[:, position],
                                      strict=True)])
    return frame


# One style for every light table: a scroll box of bounded height with the header kept in
# view, figures right-aligned, no cell cut off (a long one scrolls the box sideways).
LIGHT_TABLE_CLASS = "qa-light-table"
_LIGHT_TABLE_STYLE = (
    "<style>"
    ".qa-light-box{max-height:24rem;overflow:auto;margin:0 0 1rem 0;"
    "border:1px solid rgba(49,51,63,.15);border-radius:.5rem}"
    ".qa-light-table{border-collapse:collapse;width:100%;font-size:.875rem}"
    ".qa-light-table th{position:sticky;top:0;background:#f0f2f6;text-align:left;"
    "font-weight:600}"
    ".qa-light-table th,.qa-light-table td{padding:.3rem .6rem;white-space:nowrap;"
    "border-bottom:1px solid rgba(49,51,63,.1)}"
    ".qa-light-table td.qa-number{text-align:right;font-variant-numeric:tabular-nums}"
    "</style>"
)


def light_table(data: object, *, personal: Collection[str] = ()) -> None:
    """A read-only table (a report's) as a plain HTML table, with the same guarded and
    masked cells as :func:`show_table`; a missing cell reads "—". It has no sorting and no
    toolbar; its text can be selected like any text on the page, which shows nothing the
    page does not show already. The frame's index is not shown."""
    frame = guarded_frame(data, personal)
    header = "".join(f"<th>{html.escape(str(column))}</th>" for column in frame.columns)
    rows = ["<tr>" + "".join(_light_cell(cell) for cell in row) + "</tr>"
            for row in frame.itertuples(index=False, name=None)]
    if not rows:
        rows = [f'<tr><td colspan="{max(len(frame.columns), 1)}">{EMPTY}</td></tr>']
    st.html(f'{_LIGHT_TABLE_STYLE}<div class="qa-light-box"><table class="{LIGHT_TABLE_CLASS}">'
            f'<thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _light_cell(cell: object) -> str:
    if cell is None or cell is pd.NA or cell is pd.NaT or (
            isinstance(cell, float) and math.isnan(cell)):
        return f"<td>{EMPTY}</td>"
    if isinstance(cell, Number) and not isinstance(cell, bool):
        return f'<td class="qa-number">{_figure(cell)}</td>'
    return f"<td>{html.escape(str(cell))}</td>"


def _figure(number: Number) -> str:
    """A figure as the grid showed it: whole numbers without a decimal point, others with
    the digits they were rounded to."""
    value = float(number)  # type: ignore[arg-type]
    if value.is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")
