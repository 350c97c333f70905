"""The weekly trend of the pre-score's agreement with the QCOs: agreement and kappa per week."""

from __future__ import annotations

import altair as alt
import pandas as pd


def agreement_trend(table: pd.DataFrame, week_title: str, agreement_title: str,
                    kappa_title: str, evaluations_title: str) -> alt.LayerChart:
    """``table``: one row per week with ``week`` (its Monday), ``shown`` (DD/MM/YYYY),
    ``agreement`` (percent), ``kappa`` and ``evaluations``. Agreement a solid line on the
    left axis (0-100), kappa a dashed one on the right (-1 to 1); weeks without an answered
    item are left out of each line."""
    data = table.copy()
    data["week"] = pd.to_datetime(data["week"])
    base = alt.Chart(data).encode(
        x=alt.X("week:T", title=week_title, axis=alt.Axis(format="%d/%m/%Y")),
        tooltip=[alt.Tooltip("shown:N", title=week_title),
                 alt.Tooltip("agreement:Q", title=agreement_title, format=".1f"),
                 alt.Tooltip("kappa:Q", title=kappa_title, format=".2f"),
                 alt.Tooltip("evaluations:Q", title=evaluations_title)])
    agreement = base.transform_filter("isValid(datum.agreement)").mark_line(point=True).encode(
        y=alt.Y("agreement:Q", title=agreement_title, scale=alt.Scale(domain=[0, 100])))
    kappa = base.transform_filter("isValid(datum.kappa)").mark_line(
        point=True, strokeDash=[6, 4], color="#ff7f0e").encode(
        y=alt.Y("kappa:Q", title=kappa_title, scale=alt.Scale(domain=[-1, 1])))
    return alt.layer(agreement, kappa).resolve_scale(y="independent")
