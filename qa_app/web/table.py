"""The one way a page shows a table: guarded cells, and no download beside the app's own.

Streamlit's table toolbar would offer every shown table as a CSV, past the masking, the
audit and the formula guard of the app's export buttons. The toolbar's download (and its
clipboard copy) is switched off for the whole app by ``client.disableDataExport`` in
``.streamlit/config.toml``, set here as well for a server started with another config; and
the cells are guarded (:func:`qa_app.exports.guarded_frame`) in case a copy gets out anyway.
"""

from __future__ import annotations

from collections.abc import Collection
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
