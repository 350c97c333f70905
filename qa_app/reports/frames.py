"""The plain data every rollup reads: the columns of each frame, and period labels.

The rollups in this package take pandas DataFrames with these columns and return tables;
they never touch the database. They take single rows (as below) or the same rows already
summed per group by the database (``rollup_load``, ``csi_load``: an ``n`` count and sums
instead of one row each), which is what the pages load.

* evaluations — one row per *finalized* evaluation: ``evaluation_id, interaction_id,
  agent_id, agent, team, tier, reviewer, week ("2026-W47"), month ("2026-11"), kind
  (random/targeted), score (0–100), fatal (bool), case_id``.
* answers — one row per item of those evaluations: ``evaluation_id, item_id, answer
  (yes/partial/no/na), item_fatal (bool)``.
* quotas — one row per agent and draw: ``agent_id, agent, team, tier, week, month, quota``.
* samples — one row per drawn sample: ``sample_id, agent_id, agent, team, reviewer, week,
  month, kind, finalized (bool)``.
* csi — one row per survey answer: ``response_id, agent_id, agent, team, case_id, month,
  score (1–5)``.

A week belongs to the month of its Thursday (see ``qa_app.sampling.weeks``).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from qa_app.sampling.weeks import IsoWeek

EVALUATION_COLUMNS = ("evaluation_id", "interaction_id", "agent_id", "agent", "team", "tier",
                      "reviewer", "week", "month", "kind", "score", "fatal", "case_id")
ANSWER_COLUMNS = ("evaluation_id", "item_id", "answer", "item_fatal")
QUOTA_COLUMNS = ("agent_id", "agent", "team", "tier", "week", "month", "quota")
SAMPLE_COLUMNS = ("sample_id", "agent_id", "agent", "team", "reviewer", "week", "month", "kind",
                  "finalized")
CSI_COLUMNS = ("response_id", "agent_id", "agent", "team", "case_id", "month", "score")

# The grouping keys of each level of a rollup.
LEVELS: dict[str, list[str]] = {
    "agent": ["agent_id", "agent", "team"],
    "team": ["team"],
    "tier": ["tier"],
    "all": [],
}


@lru_cache(maxsize=4096)
def month_of_week(week: str) -> str:
    """"2026-W48" → "2026-11": the month of the week's Thursday."""
    year, month = IsoWeek.parse(week).month
    return f"{year:04d}-{month:02d}"


def shift_month(month: str, months: int) -> str:
    year, number = int(month[:4]), int(month[5:7])
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})


def require_columns(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{name} frame lacks the columns {missing}; see qa_app/reports/frames.py")


def weeks_of_months(months: list[str]) -> list[str]:
    """Every ISO week label whose Thursday falls in one of ``months``."""
    from datetime import date

    wanted, weeks = set(months), []
    for month in sorted(wanted):
        week = IsoWeek.containing(date(int(month[:4]), int(month[5:7]), 1)).shifted(-1)
        for _ in range(7):
            if month_of_week(str(week)) in wanted and str(week) not in weeks:
                weeks.append(str(week))
            week = week.shifted(1)
    return weeks
