"""Tapping completion ("pelaksanaan tapping"): quota vs drawn vs finalized.

Per agent (or team): the random quota of the period, the random samples drawn, the targeted
samples drawn, the samples finalized, and completion = finalized random ÷ quota. Per QCO
there is no quota (quotas belong to agents): assigned vs finalized, and completion =
finalized ÷ assigned.
"""

from __future__ import annotations

import pandas as pd

from qa_app.reports.rollups.columns import LEVELS

COLUMNS = ["quota", "drawn", "targeted", "finalized", "completion"]


def _ratio(done: pd.Series, wanted: pd.Series) -> pd.Series:
    return (done / wanted.where(wanted > 0)).astype(float)


def as_counts(samples: pd.DataFrame) -> pd.DataFrame:
    """Samples as counts: single samples get ``n`` = 1 and ``finalized`` 0/1; counted frames
    (``queries.quality_sums.sample_counts``) pass as they are."""
    if "n" in samples.columns:
        return samples
    return samples.assign(n=1, finalized=samples["finalized"].astype(bool).astype(int))


def completion_table(quotas: pd.DataFrame, samples: pd.DataFrame, level: str,
                     period: str) -> pd.DataFrame:
    """``level`` agent/team/tier/all and ``period`` week/month."""
    keys = LEVELS[level] + [period]
    if level == "tier":
        raise ValueError("completion per tier is not offered: samples carry no tier")
    counted = as_counts(samples)
    random = counted[counted["kind"] == "random"]
    counts = [
        quotas.groupby(keys).agg(quota=("quota", "sum")),
        random.groupby(keys).agg(drawn=("n", "sum")),
        counted[counted["kind"] == "targeted"].groupby(keys).agg(targeted=("n", "sum")),
        random.groupby(keys).agg(finalized=("finalized", "sum")),
    ]
    table = pd.concat(counts, axis=1).fillna(0).astype(int).reset_index()
    table["completion"] = _ratio(table["finalized"], table["quota"])
    return table.sort_values(keys).reset_index(drop=True)[keys + COLUMNS]


def reviewer_completion(samples: pd.DataFrame, period: str) -> pd.DataFrame:
    """Per QCO and period: samples assigned (random and targeted) and finalized."""
    keys = ["reviewer", period]
    counted = as_counts(samples)
    assigned = counted.assign(reviewer=counted["reviewer"].fillna("-"))
    table = assigned.groupby(keys).agg(assigned=("n", "sum"),
                                       finalized=("finalized", "sum")).reset_index()
    table["assigned"] = table["assigned"].astype(int)
    table["finalized"] = table["finalized"].astype(int)
    table["completion"] = _ratio(table["finalized"], table["assigned"])
    return table.sort_values(keys).reset_index(drop=True)
