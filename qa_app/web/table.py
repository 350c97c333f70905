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

import streamlit as st

from qa_app.exports import guarded_frame

DATA_EXPORT_OPTION = "client.disableDataExport"


def show_table(data: object, *, personal: Collection[str] = (), hide_index: bool = True,
               **options: Any) -> Any:
    """Show ``data`` (a frame, dict of columns or list of rows) with ``st.dataframe``.

    ``personal`` names the columns whose cells can hold a customer's identifiers; they are
    masked. ``options`` go to ``st.dataframe`` (``key``, ``width``, ``on_select``, ...);
    what it returns (the selection, with ``on_select``) is returned.
    """
    if not st.get_option(DATA_EXPORT_OPTION):
        st.set_option(DATA_EXPORT_OPTION, True)
    return st.dataframe(guarded_frame(data, personal), hide_index=hide_index, **options)


def static_table(data: object, *, personal: Collection[str] = (),
                 hide_index: bool = True) -> None:
    """A short table without a toolbar (``st.table``), with the same guarded cells."""
    st.table(guarded_frame(data, personal), hide_index=hide_index)
