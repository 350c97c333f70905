"""QM rollups: the mean finalized score per agent, team or tier and week or month.

Only *random* samples make the QM score; targeted reviews (complaints, low CSI) are rolled up
the same way but apart (``kind="targeted"``) and never mixed in. Beside each mean: the number
of evaluations, the 95% interval ``low``–``high`` (bounded by 0 and 100, none below 3
evaluations, see ``stats.bounded_interval``), whether the mean meets the
target, fatal evaluations, and — for random samples — the quota of the period and a mark
when fewer evaluations were finalized than the quota asked for.

Rolling 3-month figures pool the evaluations of the month and the two before it (a pooled
mean, not a mean of monthly means), with their quotas summed likewise.
"""

from __future__ import annotations

import pandas as pd

from qa_app.reports.rollups.columns import LEVELS
from qa_app.reports.rollups.periods import shift_month
from qa_app.reports.rollups.stats import MIN_EVALUATIONS, bounded_interval

FIGURE_COLUMNS = ["evaluations", "qm", "low", "high", "meets_target", "fatal", "quota",
                  "under_quota"]


def as_sums(evaluations: pd.DataFrame) -> pd.DataFrame:
    """Evaluations as score sums: a frame of single evaluations (``score``, ``fatal``) gets
    ``n`` = 1, ``total`` = score and ``squares`` = score²; summed frames (``n`` present, as
    ``queries.quality_sums.score_sums`` returns) pass as they are."""
    if "n" in evaluations.columns:
        return evaluations
    score = evaluations["score"].astype(float)
    return evaluations.assign(n=1, total=score, squares=score * score,
                              fatal=evaluations["fatal"].astype(bool).astype(int))


def _variance(n: pd.Series, total: pd.Series, squares: pd.Series) -> pd.Series:
    """Sample variance from sums; a difference within the rounding of the sums is 0."""
    spread = squares - total * total / n
    spread = spread.where(spread.abs() > squares * 1e-12, 0.0).clip(lower=0.0)
    return (spread / (n - 1)).where(n > 1)


def _summarize(evaluations: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    frame = as_sums(evaluations)
    if not keys:
        frame = frame.assign(_all="all")
        keys = ["_all"]
    summary = frame.groupby(keys, dropna=False, sort=True).agg(
        evaluations=("n", "sum"), total=("total", "sum"), squares=("squares", "sum"),
        fatal=("fatal", "sum")).reset_index()
    summary["qm"] = (summary["total"] / summary["evaluations"]).astype(float)
    std = _variance(summary["evaluations"], summary["total"], summary["squares"]) ** 0.5
    intervals = [bounded_interval(int(n), mean, s) for n, mean, s
                 in zip(summary["evaluations"], summary["qm"], std, strict=True)]
    summary["low"] = [None if found is None else found[0] for found in intervals]
    summary["high"] = [None if found is None else found[1] for found in intervals]
    return summary.drop(columns=["total", "squares"])


def _with_quota(summary: pd.DataFrame, quotas: pd.DataFrame | None, keys: list[str],
                target: float) -> pd.DataFrame:
    if quotas is not None:
        needed = quotas.groupby(keys, dropna=False).agg(quota=("quota", "sum")).reset_index()
        summary = summary.merge(needed, on=keys, how="outer")
        summary["evaluations"] = summary["evaluations"].fillna(0).astype(int)
        summary["fatal"] = summary["fatal"].fillna(0).astype(int)
        summary["quota"] = summary["quota"].fillna(0).astype(int)
        summary["under_quota"] = summary["evaluations"] < summary["quota"]
    else:
        summary["quota"] = pd.NA
        summary["under_quota"] = False
    summary["meets_target"] = summary["qm"].ge(target) & summary["qm"].notna()
    for bound in ("low", "high"):
        summary[bound] = summary[bound].astype(object).where(summary[bound].notna(), None)
    return summary.sort_values(keys).reset_index(drop=True)[keys + FIGURE_COLUMNS]


def qm_table(evaluations: pd.DataFrame, level: str, period: str, target: float,
             quotas: pd.DataFrame | None = None, kind: str = "random") -> pd.DataFrame:
    """One row per ``level`` (agent/team/tier/all) and ``period`` (week/month/None).

    ``quotas`` is used for random samples only; a group with a quota but no finalized
    evaluation appears with 0 evaluations, no QM and the under-quota mark.
    """
    keys = LEVELS[level] + ([period] if period else [])
    chosen = evaluations[evaluations["kind"] == kind]
    summary = _summarize(chosen, keys)
    if not keys:
        summary = summary.drop(columns=["_all"])
    return _with_quota(summary, quotas if kind == "random" else None, keys, target)


def _rolled(frame: pd.DataFrame, months: int) -> pd.DataFrame:
    """Each row repeated for the ``months`` windows it falls in, labelled by the window's end."""
    return pd.concat([frame.assign(month=frame["month"].map(lambda m, k=k: shift_month(m, k)))
                      for k in range(months)], ignore_index=True)


def rolling_qm(evaluations: pd.DataFrame, level: str, target: float,
               quotas: pd.DataFrame | None = None, months: int = 3) -> pd.DataFrame:
    """Rolling ``months``-month QM from random samples, one row per level and window end.

    Every window that holds evaluations or quotas appears, also one ending in a month without
    any of its own (the current month still has the two before it); the callers choose the
    window ends they show.
    """
    random = evaluations[evaluations["kind"] == "random"]
    rolled_quotas = None if quotas is None else _rolled(quotas, months)
    return qm_table(_rolled(random, months), level, "month", target, rolled_quotas)


def marked(table: pd.DataFrame, period: str, current: str) -> pd.DataFrame:
    """``table`` (a trend, one row per ``period``) with the marks a chart shows:
    ``n_too_small`` where fewer than ``MIN_EVALUATIONS`` evaluations make the point (it has
    no interval), and ``in_progress`` for the ``current`` period (a week or month not yet
    over, labels compare as text) and any later one."""
    counts = table["evaluations"].fillna(0).astype(int)
    return table.assign(n_too_small=counts < MIN_EVALUATIONS,
                        in_progress=table[period].astype(str) >= current)
