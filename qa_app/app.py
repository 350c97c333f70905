"""Streamlit entrypoint: page setup, the language switch and the navigation between pages.

Run with ``streamlit run qa_app/app.py`` (``make run``) from the project folder.
"""

from __future__ import annotations

import streamlit as st

from qa_app import ui
from qa_app.i18n import t

st.set_page_config(page_title="QA Workbench", layout="wide")
language = ui.language_switch()
navigation = st.navigation([
    st.Page("pages/home.py", title=t("ui.nav.home", language), icon=":material/home:",
            default=True),
    st.Page("pages/import_data.py", title=t("ui.nav.import", language),
            icon=":material/upload_file:"),
])
navigation.run()
