"""The trend chart of one grading-the-grader measure: a line per QCO over the weeks."""

from __future__ import annotations

import altair as alt
import pandas as pd


def grader_trend(table: pd.DataFrame, x_title: str, y_title: str,
                 colour_title: str) -> alt.Chart:
    """``table`` has columns week, qco and value (one measure); missing values are left out."""
    data = table.dropna(subset=["value"])
    return alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("week:O", title=x_title), y=alt.Y("value:Q", title=y_title),
        color=alt.Color("qco:N", title=colour_title),
        tooltip=["week:O", "qco:N", alt.Tooltip("value:Q", format=".2f")])
