"""Item analysis: how often each form item fails, as a Pareto, per team and over time.

An item *fails* when answered ``no`` or ``partial`` (it did not earn its full weight);
``na`` answers are left out of the base. Failure rate = failed ÷ applicable answers. The
Pareto orders items by failures and gives each one's cumulative share of all failures.
"""

from __future__ import annotations

import pandas as pd

FAILED_ANSWERS = ("no", "partial")


def _scored(answers: pd.DataFrame, evaluations: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    columns = ["evaluation_id", *[key for key in keys if key != "item_id"]]
    joined = answers.merge(evaluations[columns], on="evaluation_id", how="inner")
    joined = joined[joined["answer"].isin(("yes", "partial", "no"))]
    return joined.assign(failed=joined["answer"].isin(FAILED_ANSWERS),
                         no=joined["answer"] == "no", partial=joined["answer"] == "partial",
                         fatal_failed=joined["item_fatal"].astype(bool)
                         & (joined["answer"] == "no"))


def item_failures(answers: pd.DataFrame, evaluations: pd.DataFrame,
                  by: list[str] | None = None) -> pd.DataFrame:
    """One row per item (and ``by`` group, e.g. ["team"] or ["month"]): applicable, no,
    partial, failed, failure_rate, fatal_failed."""
    keys = [*(by or []), "item_id"]
    scored = _scored(answers, evaluations, keys)
    table = scored.groupby(keys).agg(
        applicable=("answer", "size"), no=("no", "sum"), partial=("partial", "sum"),
        failed=("failed", "sum"), fatal_failed=("fatal_failed", "sum")).reset_index()
    for column in ("no", "partial", "failed", "fatal_failed"):
        table[column] = table[column].astype(int)
    table["failure_rate"] = table["failed"] / table["applicable"]
    return table.sort_values(keys).reset_index(drop=True)


def pareto(failures: pd.DataFrame) -> pd.DataFrame:
    """Items by failures, most first (ties by item id), with the cumulative share of failures."""
    total = int(failures["failed"].sum())
    ordered = failures.sort_values(["failed", "item_id"], ascending=[False, True])
    ordered = ordered[ordered["failed"] > 0].reset_index(drop=True)
    ordered["share"] = ordered["failed"] / total if total else 0.0
    ordered["cumulative_share"] = ordered["share"].cumsum()
    return ordered


def fatal_counts(evaluations: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Evaluations and those set to 0 by a fatal item, per group."""
    frame = evaluations.assign(fatal=evaluations["fatal"].astype(bool))
    table = frame.groupby(by).agg(evaluations=("evaluation_id", "size"),
                                  fatal=("fatal", "sum")).reset_index()
    table["fatal"] = table["fatal"].astype(int)
    table["fatal_rate"] = table["fatal"] / table["evaluations"]
    return table.sort_values(by).reset_index(drop=True)
