"""Each category's share of calls, by week and team.

The calls counted are those tagged with the current version of the category set (a call not
yet re-tagged counts in neither the numerator nor the denominator, so a share is never mixed
from two versions). A week starts on Monday, in the contact center's local time.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def category_shares(calls: pd.DataFrame, tags: pd.DataFrame,
                    categories: dict[str, str]) -> pd.DataFrame:
    """Share of ``calls`` (``interaction_id``, ``day``: local date, ``team_id``, ``team``)
    tagged with each of ``categories`` (id → name), from ``tags`` (``interaction_id``,
    ``category_id``), per week and team: ``week_start``, ``team_id``, ``team``,
    ``category_id``, ``category``, ``calls``, ``tagged``, ``share`` (0–100). Every category
    gets a row for every week and team that has calls, 0 when none was tagged."""
    columns = ["week_start", "team_id", "team", "category_id", "category", "calls", "tagged",
               "share"]
    if calls.empty or not categories:
        return pd.DataFrame(columns=columns)
    weeks = calls.assign(week_start=[week_start(day) for day in calls["day"]])
    totals = weeks.groupby(["week_start", "team_id", "team"], as_index=False) \
        .agg(calls=("interaction_id", "nunique"))
    grid = totals.merge(pd.DataFrame({"category_id": list(categories)}), how="cross")
    known = tags[tags["category_id"].isin(list(categories))]
    tagged = weeks.merge(known, on="interaction_id") \
        .groupby(["week_start", "team_id", "category_id"], as_index=False) \
        .agg(tagged=("interaction_id", "nunique"))
    shares = grid.merge(tagged, on=["week_start", "team_id", "category_id"], how="left")
    shares["tagged"] = shares["tagged"].fillna(0).astype(int)
    shares["share"] = shares["tagged"] / shares["calls"] * 100.0
    shares["category"] = shares["category_id"].map(categories)
    order = {category_id: n for n, category_id in enumerate(categories)}
    shares["order"] = shares["category_id"].map(order)
    return shares.sort_values(["week_start", "team", "order"]) \
        .drop(columns="order").reset_index(drop=True)[columns]
