"""QM beside CSI: each evaluation joined to the survey answers of the same case.

A case may have several answers; the evaluation takes their mean (``csi``) and count. From
the linked evaluations: the mean CSI of evaluations that passed vs failed each item, the
QM–CSI correlation with its Fisher z interval, and the mismatches that feed calibration
(high QM with a low CSI, low QM with a top CSI; thresholds in ``targets.yaml``).
"""

from __future__ import annotations

import pandas as pd

from qa_app.reports.rollups.items import FAILED_ANSWERS
from qa_app.reports.rollups.stats import Correlation, correlation
from qa_app.reports.targets import MismatchRule
from qa_app.scoring.item_keys import ITEM_KEY_COLUMNS


def link(evaluations: pd.DataFrame, csi: pd.DataFrame) -> pd.DataFrame:
    """The evaluations that have a case with at least one CSI answer, with ``csi`` (the mean)
    and ``csi_responses``."""
    per_case = csi.dropna(subset=["case_id"]).groupby("case_id").agg(
        csi=("score", "mean"), csi_responses=("score", "size")).reset_index()
    linked = evaluations.dropna(subset=["case_id"]).merge(per_case, on="case_id", how="inner")
    return linked.sort_values("evaluation_id").reset_index(drop=True)


def item_outcomes(linked: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """Per item and outcome (pass = yes, fail = no/partial) of the linked evaluations: ``n``
    and ``csi_total`` — the shape ``queries.csi_sums.item_outcomes`` returns from the database."""
    joined = answers.merge(linked[["evaluation_id", "csi"]], on="evaluation_id", how="inner")
    joined = joined[joined["answer"].isin(("yes", *FAILED_ANSWERS))]
    joined = joined.assign(outcome=joined["answer"].map(
        lambda answer: "fail" if answer in FAILED_ANSWERS else "pass"))
    return joined.groupby([*ITEM_KEY_COLUMNS, "outcome"]).agg(
        n=("csi", "size"), csi_total=("csi", "sum")).reset_index()


def csi_by_outcome(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Per form and item: how many linked evaluations passed (yes) / failed (no, partial) it
    and their mean CSI; ``difference`` = pass − fail (positive: customers notice the item)."""
    keys = sorted(set(zip(outcomes["form"], outcomes["item_id"], strict=True)))
    result = pd.DataFrame(index=pd.MultiIndex.from_tuples(keys, names=ITEM_KEY_COLUMNS)
                          if keys else pd.MultiIndex.from_arrays([[], []], names=ITEM_KEY_COLUMNS))
    for outcome in ("pass", "fail"):
        rows = outcomes[outcomes["outcome"] == outcome].set_index(ITEM_KEY_COLUMNS)
        result[f"{outcome}_n"] = rows["n"].reindex(result.index).fillna(0).astype(int)
        result[f"{outcome}_csi"] = (rows["csi_total"] / rows["n"]).reindex(result.index) \
            .astype(float)
    result["difference"] = result["pass_csi"] - result["fail_csi"]
    return result.reset_index()


def csi_by_item(linked: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """``csi_by_outcome`` of single answers of the linked evaluations."""
    return csi_by_outcome(item_outcomes(linked, answers))


def qm_csi_correlation(linked: pd.DataFrame) -> Correlation:
    return correlation([float(v) for v in linked["score"]], [float(v) for v in linked["csi"]])


def mismatches(linked: pd.DataFrame, rule: MismatchRule) -> pd.DataFrame:
    """Linked evaluations whose QM and CSI disagree, with ``mismatch`` = high_qm_low_csi or
    low_qm_high_csi."""
    high_low = (linked["score"] >= rule.high_qm_min) & (linked["csi"] <= rule.low_csi_max)
    low_high = (linked["score"] < rule.low_qm_below) & (linked["csi"] >= rule.high_csi_min)
    flagged = linked[high_low | low_high].copy()
    flagged["mismatch"] = ["high_qm_low_csi" if hit else "low_qm_high_csi"
                           for hit in high_low[high_low | low_high]]
    return flagged.reset_index(drop=True)
