"""Streamlit entrypoint: page setup, the language switch and the navigation between pages.

Run with ``streamlit run qa_app/app.py`` from the project folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
if PROJECT_ROOT not in sys.path:  # `streamlit run` puts only this file's folder on the path
    sys.path.insert(0, PROJECT_ROOT)

import streamlit as st  # noqa: E402

from qa_app import ui  # noqa: E402
from qa_app.i18n import t  # noqa: E402

st.set_page_config(page_title="QA Workbench", layout="wide")
language = ui.language_switch()
navigation = st.navigation([
    st.Page("pages/home.py", title=t("ui.nav.home", language), icon=":material/home:",
            default=True),
    st.Page("pages/import_data.py", title=t("ui.nav.import", language),
            icon=":material/upload_file:"),
])
navigation.run()
