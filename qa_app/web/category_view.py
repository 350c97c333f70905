"""How the "Kategori" page shows its figures: week labels as DD/MM/YYYY, headed columns."""

from __future__ import annotations

from datetime import date

import pandas as pd

from qa_app.i18n import t

TABLE_COLUMNS = ("week", "team", "category", "calls", "tagged", "share")


def day_label(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def with_week_labels(shares: pd.DataFrame) -> pd.DataFrame:
    """``shares`` with ``week``: the Monday it starts, as DD/MM/YYYY."""
    return shares.assign(week=[day_label(day) for day in shares["week_start"]])


def for_chart(shares: pd.DataFrame, team_id: int | None) -> pd.DataFrame:
    """One team's shares, or every team's calls summed per week and category."""
    if team_id is not None:
        return with_week_labels(shares[shares["team_id"] == team_id])
    summed = shares.groupby(["week_start", "category_id", "category"], as_index=False,
                            sort=False)[["calls", "tagged"]].sum()
    summed["share"] = summed["tagged"] / summed["calls"] * 100.0
    return with_week_labels(summed)


def share_table(shares: pd.DataFrame, language: str) -> pd.DataFrame:
    """The shares with translated headings, the share rounded to one decimal."""
    labelled = with_week_labels(shares)
    labelled["share"] = labelled["share"].astype(float).round(1)
    return pd.DataFrame({t(f"categories_page.col.{column}", language): labelled[column]
                         for column in TABLE_COLUMNS})
