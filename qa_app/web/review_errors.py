"""How the review screens (a sample's review, a calibration item) show a refused save."""

from __future__ import annotations

import streamlit as st

from qa_app.i18n import t
from qa_app.review.errors import FinalizeRefused, ReviewError


def show_refusal(error: ReviewError, language: str) -> None:
    """The reason a save was refused; for a refused finalize, each problem of the form."""
    if isinstance(error, FinalizeRefused):
        st.error(t("review.error.cannot_finalize", language))
        for problem in error.problems:
            st.warning(t(f"review.problem.{problem.code}", language, item=problem.item))
    else:
        st.error(t(error.key, language, **error.params))
