"""Altair charts with the target drawn as a rule. Plain chart specs; the pages show them with
``st.altair_chart``. Texts come in as arguments (the pages translate them).

Altair's debug mode is switched off for the process: in it every part of a chart (each
encoding, scale, axis) is validated against the Vega-Lite schema as it is made, which took
four fifths of the overview's script run (its ten charts: about a second); the whole chart
is still validated once, when ``st.altair_chart`` turns it into its spec.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from qa_app.reports.rollups.stats import MIN_EVALUATIONS

alt.utils.schemapi.disable_debug_mode()
QM_SCALE = alt.Scale(domain=[0, 100])
CHANNELS = {"x": alt.X, "y": alt.Y}


def _inline(data: pd.DataFrame) -> dict[str, list[dict[str, object]]]:
    """``data`` as the rows of the spec, as Altair's default data transformer writes them, but
    without it: the transformer is process-wide state, which ``st.altair_chart`` switches to
    its own while it converts a chart in another thread."""
    return {"values": alt.utils.sanitize_pandas_dataframe(data).to_dict(orient="records")}


def _green_when(test: str) -> alt.ColorValue:
    """Green where ``test`` holds, else red (``alt.condition`` made as its channel object)."""
    return alt.ColorValue("#c62828", condition={"test": test, "value": "#2e7d32"})


def _target_rule(target: float | None, axis: str = "y") -> list[alt.Chart]:
    if target is None:
        return []
    return [alt.Chart(_inline(pd.DataFrame({"target": [target]}))).mark_rule(
        color="red", strokeDash=[6, 4]).encode(**{axis: CHANNELS[axis]("target:Q")})]


def _names(group: str, title: str) -> alt.Y:
    """Team or agent names down the side, never cut off."""
    return alt.Y(f"{group}:N", title=title, sort=None, axis=alt.Axis(labelLimit=0))


def trend(table: pd.DataFrame, x: str, y: str, target: float | None, x_title: str,
          y_title: str) -> alt.LayerChart:
    """A line of ``y`` over ``x`` (ordinal: weeks, months or days) and a dashed red rule at
    the target."""
    data = table[[x, y]].dropna(subset=[y]).copy()
    data[y] = data[y].astype(float)
    line = alt.Chart(_inline(data)).mark_line(point=True).encode(
        x=alt.X(f"{x}:O", title=x_title), y=alt.Y(f"{y}:Q", title=y_title),
        tooltip=[alt.Tooltip(f"{x}:O"), alt.Tooltip(f"{y}:Q", format=".1f")])
    return alt.layer(line, *_target_rule(target))


def qm_trend(table: pd.DataFrame, x: str, target: float, x_title: str, y_title: str,
             too_small: str, in_progress: str) -> alt.LayerChart:
    """QM over ``x`` on a 0–100 axis: the 95% interval as a band; points without an interval
    (``n_too_small``) hollow, with ``too_small`` in the legend and the tooltip; a period still
    running (``in_progress``) labelled ``in_progress`` and its n. See ``qm.marked``."""
    data = table[[x, "qm", "low", "high", "evaluations", "n_too_small", "in_progress"]] \
        .dropna(subset=["qm"]).copy()
    for column in ("qm", "low", "high"):
        data[column] = data[column].astype(float)
    data["sample"] = [too_small if small else f"n ≥ {MIN_EVALUATIONS}"
                      for small in data["n_too_small"]]
    data["note"] = [f"{in_progress} n={n}" if running else ""
                    for n, running in zip(data["evaluations"], data["in_progress"], strict=True)]
    base = alt.Chart(_inline(data)).encode(x=alt.X(f"{x}:O", title=x_title))
    y = alt.Y("qm:Q", title=y_title, scale=QM_SCALE)
    tooltip = [alt.Tooltip(f"{x}:O"), alt.Tooltip("qm:Q", format=".1f"),
               alt.Tooltip("low:Q", format=".1f"), alt.Tooltip("high:Q", format=".1f"),
               *(alt.Tooltip(field) for field in ("evaluations:Q", "sample:N", "note:N"))]
    fill = alt.Fill("sample:N", title=None, legend=alt.Legend(orient="bottom"),
                    scale=alt.Scale(domain=[f"n ≥ {MIN_EVALUATIONS}", too_small],
                                    range=["#1f77b4", "white"]))
    return alt.layer(
        base.mark_area(opacity=0.2).encode(y=alt.Y("low:Q", scale=QM_SCALE),
                                           y2=alt.Y2("high:Q")),
        base.mark_line().encode(y=y),
        base.mark_point(size=60, color="#1f77b4", opacity=1).encode(y=y, fill=fill,
                                                                    tooltip=tooltip),
        base.mark_text(dy=-12, fontSize=11).encode(y=y, text=alt.Text("note:N")),
        *_target_rule(target))


def qm_by_group(table: pd.DataFrame, group: str, target: float, group_title: str,
                x_title: str, too_small: str) -> alt.LayerChart:
    """QM per team (or agent) as bars on 0–100, green when the target is met, with the 95%
    interval as a line, the target as a rule; groups without an interval say so."""
    data = table[[group, "qm", "low", "high", "evaluations", "meets_target"]] \
        .dropna(subset=["qm"]).copy()
    for column in ("qm", "low", "high"):
        data[column] = data[column].astype(float)
    data["meets_target"] = data["meets_target"].astype(bool)
    data["note"] = [too_small if low != low else "" for low in data["low"]]  # NaN: no interval
    base = alt.Chart(_inline(data)).encode(y=_names(group, group_title))
    x = alt.X("qm:Q", title=x_title, scale=QM_SCALE)
    return alt.layer(
        base.mark_bar().encode(
            x=x, color=_green_when("datum.meets_target"),
            tooltip=[alt.Tooltip(f"{group}:N"), alt.Tooltip("qm:Q", format=".1f"),
                     alt.Tooltip("low:Q", format=".1f"), alt.Tooltip("high:Q", format=".1f"),
                     alt.Tooltip("evaluations:Q")]),
        base.mark_rule(color="black", strokeWidth=2).encode(
            x=alt.X("low:Q", scale=QM_SCALE), x2=alt.X2("high:Q")),
        base.mark_text(align="right", dx=-4, color="white").encode(x=x,
                                                                   text=alt.Text("note:N")),
        *_target_rule(target, "x"))


def csi_bands(table: pd.DataFrame, group: str, bands: list[str], group_title: str,
              x_title: str, band_title: str) -> alt.Chart:
    """The CSI index per team (or agent) on 0–100, coloured by its band (``bands`` from the
    lowest to the highest, red to green)."""
    data = table[[group, "index", "band", "responses"]].dropna(subset=["index"]).copy()
    data["index"] = data["index"].astype(float)
    palette = ["#c62828", "#ef6c00", "#9ccc65", "#2e7d32"]
    colours = [palette[round(k * (len(palette) - 1) / max(len(bands) - 1, 1))]
               for k in range(len(bands))]
    return alt.Chart(_inline(data)).mark_bar().encode(
        y=_names(group, group_title), x=alt.X("index:Q", title=x_title, scale=QM_SCALE),
        color=alt.Color("band:N", title=band_title,
                        scale=alt.Scale(domain=bands, range=colours)),
        tooltip=[alt.Tooltip(f"{group}:N"), alt.Tooltip("index:Q", format=".1f"),
                 alt.Tooltip("band:N"), alt.Tooltip("responses:Q")])


def kpi_by_group(table: pd.DataFrame, group: str, x: str, target: float, higher_is_better: bool,
                 group_title: str, x_title: str) -> alt.LayerChart:
    """One KPI per team (or agent) as bars, green on the right side of the target, with the
    target as a rule."""
    data = table[[group, x]].dropna(subset=[x]).copy()
    data[x] = data[x].astype(float)
    data["met"] = data[x] >= target if higher_is_better else data[x] <= target
    bars = alt.Chart(_inline(data)).mark_bar().encode(
        y=_names(group, group_title), x=alt.X(f"{x}:Q", title=x_title),
        color=_green_when("datum.met"),
        tooltip=[alt.Tooltip(f"{group}:N"), alt.Tooltip(f"{x}:Q", format=".1f")])
    return alt.layer(bars, *_target_rule(target, "x"))


def category_shares(table: pd.DataFrame, week_title: str, share_title: str,
                    category_title: str) -> alt.Chart:
    """Each category's share of calls (0–100 %) per week (``week`` already a DD/MM/YYYY
    label, ``week_start`` for the order), one line per category."""
    data = table[["week", "week_start", "category", "share", "tagged", "calls"]].copy()
    data["share"] = data["share"].astype(float)
    order = list(dict.fromkeys(data.sort_values("week_start")["week"]))
    return alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("week:O", title=week_title, sort=order),
        y=alt.Y("share:Q", title=share_title, scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("category:N", title=category_title,
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=0)),
        tooltip=["week:O", "category:N", alt.Tooltip("share:Q", format=".1f"), "tagged:Q",
                 "calls:Q"]).properties(height=280)  # the legend below takes its own room
