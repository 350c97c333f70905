"""The web process's one database engine."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from qa_app.db import migrate
from qa_app.db.session import get_engine


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """The process's one engine, with the schema brought up to date on first use."""
    current = get_engine()
    migrate.ensure_current(current)
    return current
