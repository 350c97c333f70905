"""Altair trend charts with the target drawn as a rule. Plain chart specs; the pages show
them with ``st.altair_chart``."""

from __future__ import annotations

import altair as alt
import pandas as pd


def trend(table: pd.DataFrame, x: str, y: str, target: float | None, x_title: str,
          y_title: str, margin: str | None = None) -> alt.LayerChart:
    """A line of ``y`` over ``x`` (ordinal: weeks, months or days), an error band of ±margin
    when given, and a dashed red rule at the target."""
    data = table[[x, y, *([margin] if margin else [])]].dropna(subset=[y]).copy()
    data[y] = data[y].astype(float)
    base = alt.Chart(data).encode(x=alt.X(f"{x}:O", title=x_title))
    layers: list[alt.Chart] = []
    if margin:
        data["low"] = data[y] - data[margin].astype(float).fillna(0.0)
        data["high"] = data[y] + data[margin].astype(float).fillna(0.0)
        base = alt.Chart(data).encode(x=alt.X(f"{x}:O", title=x_title))
        layers.append(base.mark_area(opacity=0.2).encode(y="low:Q", y2="high:Q"))
    layers.append(base.mark_line(point=True).encode(
        y=alt.Y(f"{y}:Q", title=y_title), tooltip=[f"{x}:O", f"{y}:Q"]))
    if target is not None:
        layers.append(alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(
            color="red", strokeDash=[6, 4]).encode(y="target:Q"))
    return alt.layer(*layers)
