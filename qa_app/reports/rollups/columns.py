"""The columns of the frames every rollup reads, and the grouping keys of each level.

The rollups take pandas DataFrames with these columns and return tables;
they never touch the database. They take single rows (as below) or the same rows already
summed per group by the database (``queries.quality_sums``, ``queries.csi_sums``: an ``n``
count and sums instead of one row each), which is what the pages load.

* evaluations (``EVALUATION_COLUMNS``) — one row per *finalized* evaluation:
  ``evaluation_id, interaction_id, agent_id, agent, team, tier, reviewer, week ("2026-W47"),
  month ("2026-11"), kind (random/targeted), score (0–100), fatal (bool), case_id``.
* answers — one row per item of those evaluations: ``evaluation_id, form (the rubric's id),
  item_id, answer (yes/partial/no/na), item_fatal (bool)``.
* quotas — one row per agent and draw: ``agent_id, agent, team, tier, week, month, quota``.
* samples — one row per drawn sample: ``sample_id, agent_id, agent, team, reviewer, week,
  month, kind, finalized (bool)``.
* csi — one row per survey answer: ``response_id, agent_id, agent, team, case_id, month,
  score (1–5)``.

Week and month labels: ``periods``.
"""

from __future__ import annotations

EVALUATION_COLUMNS = ("evaluation_id", "interaction_id", "agent_id", "agent", "team", "tier",
                      "reviewer", "week", "month", "kind", "score", "fatal", "case_id")

# The grouping keys of each level of a rollup.
LEVELS: dict[str, list[str]] = {
    "agent": ["agent_id", "agent", "team"],
    "team": ["team"],
    "tier": ["tier"],
    "all": [],
}
