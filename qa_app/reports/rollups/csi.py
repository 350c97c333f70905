"""The CSI index per agent, team and month from the 1–5 survey answers.

The raw count of each answer #1–#5 is always kept beside the index, so any other index can be
recomputed from the table. The formula and the bands come from ``targets.yaml``.
"""

from __future__ import annotations

import pandas as pd

from qa_app.reports.targets import CsiSettings

ANSWER_COLUMNS = [f"n{score}" for score in range(1, 6)]


def csi_index(counts: list[int] | tuple[int, ...], formula: str) -> float | None:
    """The index (0–100) from the counts of answers 1..5; None without any answer."""
    if len(counts) != 5:
        raise ValueError(f"csi_index needs the counts of answers 1..5, got {len(counts)}")
    total = sum(counts)
    if total == 0:
        return None
    mean = sum(score * count for score, count in zip(range(1, 6), counts, strict=True)) / total
    if formula == "mean_over_5":
        return mean / 5 * 100
    if formula == "top2_share":
        return (counts[3] + counts[4]) / total * 100
    if formula == "linear":
        return (mean - 1) / 4 * 100
    raise ValueError(f"unknown CSI formula {formula!r}: use mean_over_5, top2_share or linear")


def band_of(index: float | None, settings: CsiSettings) -> str | None:
    """The band label of an index: rounded half up to a whole number, then min ≤ x ≤ max."""
    if index is None:
        return None
    whole = int(index + 0.5)
    for band in settings.bands:
        if band.min <= whole <= band.max:
            return band.label
    raise ValueError(f"CSI index {index} is outside 0..100")


def csi_table(csi: pd.DataFrame, by: list[str], settings: CsiSettings) -> pd.DataFrame:
    """One row per group: responses, n1..n5, mean, index and band. ``csi`` holds single
    answers or answers counted per score (an ``n`` column, as ``queries.csi_sums.csi_counts``)."""
    frame = csi.assign(score=csi["score"].astype(int))
    weights = frame["n"] if "n" in frame.columns else pd.Series(1, index=frame.index)
    counts = pd.crosstab([frame[key] for key in by], frame["score"], values=weights,
                         aggfunc="sum") if len(frame) else None
    if counts is None:
        return pd.DataFrame(columns=[*by, "responses", *ANSWER_COLUMNS, "mean", "index", "band"])
    counts = counts.reindex(columns=range(1, 6), fill_value=0).fillna(0).astype(int)
    counts.columns = ANSWER_COLUMNS
    table = counts.reset_index()
    table["responses"] = table[ANSWER_COLUMNS].sum(axis=1)
    table["mean"] = sum(table[f"n{s}"] * s for s in range(1, 6)) / table["responses"]
    table["index"] = [csi_index(tuple(int(v) for v in row), settings.formula)
                      for row in table[ANSWER_COLUMNS].itertuples(index=False)]
    table["band"] = [band_of(value, settings) for value in table["index"]]
    return table[[*by, "responses", *ANSWER_COLUMNS, "mean", "index", "band"]]
