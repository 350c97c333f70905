"""Item analysis: how often each form item fails, as a Pareto, per team and over time.

An item *fails* when answered ``no`` or ``partial`` (it did not earn its full weight);
``na`` answers are left out of the base. Failure rate = failed ÷ applicable answers. The
Pareto orders items by failures and gives each one's cumulative share of all failures. An
item is its form and id (``scoring.item_keys``): P1 of the chat form is counted apart from P1
of the outbound form.
"""

from __future__ import annotations

import pandas as pd

from qa_app.reports.rollups.qm import as_sums
from qa_app.scoring.item_keys import ITEM_KEY_COLUMNS

FAILED_ANSWERS = ("no", "partial")


def answer_counts(answers: pd.DataFrame, evaluations: pd.DataFrame,
                  keys: list[str]) -> pd.DataFrame:
    """Answers (one row each) counted per ``keys`` and item: ``applicable, no, partial,
    fatal_failed`` — the shape ``queries.quality_sums.item_counts`` returns from the database."""
    columns = ["evaluation_id", *[key for key in keys if key not in ITEM_KEY_COLUMNS]]
    joined = answers.merge(evaluations[columns], on="evaluation_id", how="inner")
    joined = joined[joined["answer"].isin(("yes", "partial", "no"))]
    return joined.assign(applicable=1, no=(joined["answer"] == "no").astype(int),
                         partial=(joined["answer"] == "partial").astype(int),
                         fatal_failed=(joined["item_fatal"].astype(bool)
                                       & (joined["answer"] == "no")).astype(int))


def failure_table(counts: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """One row per form and item (and ``by`` group, e.g. ["team"] or ["month"]) from answer
    counts: applicable, no, partial, failed, failure_rate, fatal_failed."""
    keys = [*(by or []), *ITEM_KEY_COLUMNS]
    table = counts.groupby(keys).agg(
        applicable=("applicable", "sum"), no=("no", "sum"), partial=("partial", "sum"),
        fatal_failed=("fatal_failed", "sum")).reset_index()
    table["failed"] = table["no"] + table["partial"]
    for column in ("applicable", "no", "partial", "failed", "fatal_failed"):
        table[column] = table[column].astype(int)
    table["failure_rate"] = table["failed"] / table["applicable"]
    return table[[*keys, "applicable", "no", "partial", "failed", "fatal_failed",
                  "failure_rate"]].sort_values(keys).reset_index(drop=True)


def item_failures(answers: pd.DataFrame, evaluations: pd.DataFrame,
                  by: list[str] | None = None) -> pd.DataFrame:
    """``failure_table`` of single answers joined to their evaluations."""
    return failure_table(answer_counts(answers, evaluations, [*(by or []), *ITEM_KEY_COLUMNS]),
                         by)


def pareto(failures: pd.DataFrame) -> pd.DataFrame:
    """Items by failures, most first (ties by form and item id), with the cumulative share of
    failures."""
    total = int(failures["failed"].sum())
    ordered = failures.sort_values(["failed", *ITEM_KEY_COLUMNS], ascending=[False, True, True])
    ordered = ordered[ordered["failed"] > 0].reset_index(drop=True)
    ordered["share"] = ordered["failed"] / total if total else 0.0
    ordered["cumulative_share"] = ordered["share"].cumsum()
    return ordered


def fatal_counts(evaluations: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Evaluations and those set to 0 by a fatal item, per group (single evaluations or the
    score sums of ``qm.as_sums``)."""
    table = as_sums(evaluations).groupby(by).agg(evaluations=("n", "sum"),
                                                 fatal=("fatal", "sum")).reset_index()
    table["evaluations"] = table["evaluations"].astype(int)
    table["fatal"] = table["fatal"].astype(int)
    table["fatal_rate"] = table["fatal"] / table["evaluations"]
    return table.sort_values(by).reset_index(drop=True)
