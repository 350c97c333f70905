"""Altair charts with the target drawn as a rule. Plain chart specs; the pages show them with
``st.altair_chart``. Texts come in as arguments (the pages translate them)."""

from __future__ import annotations

import altair as alt
import pandas as pd

QM_SCALE = alt.Scale(domain=[0, 100])


def _target_rule(target: float | None) -> list[alt.Chart]:
    if target is None:
        return []
    return [alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(
        color="red", strokeDash=[6, 4]).encode(y="target:Q")]


def trend(table: pd.DataFrame, x: str, y: str, target: float | None, x_title: str,
          y_title: str) -> alt.LayerChart:
    """A line of ``y`` over ``x`` (ordinal: weeks, months or days) and a dashed red rule at
    the target."""
    data = table[[x, y]].dropna(subset=[y]).copy()
    data[y] = data[y].astype(float)
    line = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X(f"{x}:O", title=x_title), y=alt.Y(f"{y}:Q", title=y_title),
        tooltip=[f"{x}:O", alt.Tooltip(f"{y}:Q", format=".1f")])
    return alt.layer(line, *_target_rule(target))


def qm_trend(table: pd.DataFrame, x: str, target: float, x_title: str, y_title: str,
             too_small: str, in_progress: str) -> alt.LayerChart:
    """QM over ``x`` on a 0–100 axis: the 95% interval as a band, points without an
    interval (``n_too_small``) hollow and labelled ``too_small``, a period still running
    (``in_progress``) labelled with ``in_progress`` and its n; see ``qm.marked``."""
    data = table[[x, "qm", "low", "high", "evaluations", "n_too_small", "in_progress"]] \
        .dropna(subset=["qm"]).copy()
    for column in ("qm", "low", "high"):
        data[column] = data[column].astype(float)
    data["note"] = [(f"{in_progress} n={n}" if running else "")
                    + (" · " if running and small else "") + (too_small if small else "")
                    for n, running, small in zip(data["evaluations"], data["in_progress"],
                                                 data["n_too_small"], strict=True)]
    base = alt.Chart(data).encode(x=alt.X(f"{x}:O", title=x_title))
    y = alt.Y("qm:Q", title=y_title, scale=QM_SCALE)
    tooltip = [f"{x}:O", alt.Tooltip("qm:Q", format=".1f"), alt.Tooltip("low:Q", format=".1f"),
               alt.Tooltip("high:Q", format=".1f"), "evaluations:Q", "note:N"]
    return alt.layer(
        base.mark_area(opacity=0.2).encode(y=alt.Y("low:Q", scale=QM_SCALE), y2="high:Q"),
        base.mark_line().encode(y=y),
        base.mark_point(size=60).encode(
            y=y, tooltip=tooltip,
            fill=alt.condition("datum.n_too_small", alt.value("white"), alt.value("#1f77b4"))),
        base.mark_text(dy=-12, fontSize=11).encode(y=y, text="note:N"),
        *_target_rule(target))


def qm_by_group(table: pd.DataFrame, group: str, target: float, group_title: str,
                y_title: str, too_small: str) -> alt.LayerChart:
    """QM per team (or agent) as bars on 0–100, green when the target is met, with the 95%
    interval as an error bar, the target as a rule; groups without an interval say so."""
    data = table[[group, "qm", "low", "high", "evaluations", "meets_target"]] \
        .dropna(subset=["qm"]).copy()
    for column in ("qm", "low", "high"):
        data[column] = data[column].astype(float)
    data["meets_target"] = data["meets_target"].astype(bool)
    data["note"] = [too_small if low != low else "" for low in data["low"]]  # NaN: no interval
    base = alt.Chart(data).encode(x=alt.X(f"{group}:N", title=group_title, sort=None,
                                          axis=alt.Axis(labelLimit=0, labelAngle=0)))
    y = alt.Y("qm:Q", title=y_title, scale=QM_SCALE)
    return alt.layer(
        base.mark_bar().encode(
            y=y, color=alt.condition("datum.meets_target", alt.value("#2e7d32"),
                                     alt.value("#c62828")),
            tooltip=[f"{group}:N", alt.Tooltip("qm:Q", format=".1f"),
                     alt.Tooltip("low:Q", format=".1f"), alt.Tooltip("high:Q", format=".1f"),
                     "evaluations:Q"]),
        base.mark_rule(color="black").encode(y=alt.Y("low:Q", scale=QM_SCALE), y2="high:Q"),
        base.mark_text(dy=-8).encode(y=y, text="note:N"),
        *_target_rule(target))


def csi_bands(table: pd.DataFrame, group: str, group_title: str, x_title: str,
              band_title: str) -> alt.Chart:
    """The CSI index per team (or agent) on 0–100, coloured by its band."""
    data = table[[group, "index", "band", "responses"]].dropna(subset=["index"]).copy()
    data["index"] = data["index"].astype(float)
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y(f"{group}:N", title=group_title, axis=alt.Axis(labelLimit=0)),
        x=alt.X("index:Q", title=x_title, scale=QM_SCALE),
        color=alt.Color("band:N", title=band_title),
        tooltip=[f"{group}:N", alt.Tooltip("index:Q", format=".1f"), "band:N", "responses:Q"])


def kpi_by_group(table: pd.DataFrame, group: str, y: str, target: float, higher_is_better: bool,
                 group_title: str, y_title: str) -> alt.LayerChart:
    """One KPI per team (or agent) as bars, green on the right side of the target, with the
    target as a rule."""
    data = table[[group, y]].dropna(subset=[y]).copy()
    data[y] = data[y].astype(float)
    data["met"] = data[y] >= target if higher_is_better else data[y] <= target
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X(f"{group}:N", title=group_title, sort=None,
                axis=alt.Axis(labelLimit=0, labelAngle=0)),
        y=alt.Y(f"{y}:Q", title=y_title),
        color=alt.condition("datum.met", alt.value("#2e7d32"), alt.value("#c62828")),
        tooltip=[f"{group}:N", alt.Tooltip(f"{y}:Q", format=".1f")])
    return alt.layer(bars, *_target_rule(target))
