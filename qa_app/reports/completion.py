"""Tapping completion ("pelaksanaan tapping"): quota vs drawn vs finalized.

Per agent (or team): the random quota of the period, the random samples drawn, the targeted
samples drawn, the samples finalized, and completion = finalized random ÷ quota. Per QCO
there is no quota (quotas belong to agents): assigned vs finalized, and completion =
finalized ÷ assigned.
"""

from __future__ import annotations

import pandas as pd

from qa_app.reports.frames import LEVELS

COLUMNS = ["quota", "drawn", "targeted", "finalized", "completion"]


def _ratio(done: pd.Series, wanted: pd.Series) -> pd.Series:
    return (done / wanted.where(wanted > 0)).astype(float)


def completion_table(quotas: pd.DataFrame, samples: pd.DataFrame, level: str,
                     period: str) -> pd.DataFrame:
    """``level`` agent/team/tier/all and ``period`` week/month."""
    keys = LEVELS[level] + [period]
    if level == "tier":
        raise ValueError("completion per tier is not offered: samples carry no tier")
    random = samples[samples["kind"] == "random"]
    counts = [
        quotas.groupby(keys).agg(quota=("quota", "sum")),
        random.groupby(keys).agg(drawn=("sample_id", "size")),
        samples[samples["kind"] == "targeted"].groupby(keys).agg(targeted=("sample_id", "size")),
        random[random["finalized"].astype(bool)].groupby(keys).agg(
            finalized=("sample_id", "size")),
    ]
    table = pd.concat(counts, axis=1).fillna(0).astype(int).reset_index()
    table["completion"] = _ratio(table["finalized"], table["quota"])
    return table.sort_values(keys).reset_index(drop=True)[keys + COLUMNS]


def reviewer_completion(samples: pd.DataFrame, period: str) -> pd.DataFrame:
    """Per QCO and period: samples assigned (random and targeted) and finalized."""
    keys = ["reviewer", period]
    assigned = samples.assign(reviewer=samples["reviewer"].fillna("-"),
                              finalized=samples["finalized"].astype(bool))
    table = assigned.groupby(keys).agg(assigned=("sample_id", "size"),
                                       finalized=("finalized", "sum")).reset_index()
    table["finalized"] = table["finalized"].astype(int)
    table["completion"] = _ratio(table["finalized"], table["assigned"])
    return table.sort_values(keys).reset_index(drop=True)
