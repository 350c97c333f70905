"""Single finalized evaluations (the scorecard's list) and the rubric items they answer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, Interaction, Team
from qa_app.db.review_models import Evaluation
from qa_app.db.work_models import RubricVersion
from qa_app.reports.queries.scope_filter import Filter, agent_filter, frame_of
from qa_app.reports.rollups.columns import EVALUATION_COLUMNS
from qa_app.reports.rollups.periods import month_of_week, weeks_of_months
from qa_app.scoring.item_keys import ItemKey, newest_texts
from qa_app.vocabulary import EvaluationState


def evaluations_frame(session: Session, principal: Principal, chosen: Filter) -> pd.DataFrame:
    reviewer = aliased(UserAccount)
    query = (select(Evaluation.id, Evaluation.interaction_id, Evaluation.agent_id, Agent.name,
                    Team.name, Agent.tier, reviewer.username, Evaluation.week, Evaluation.week,
                    Evaluation.kind, Evaluation.score, Evaluation.fatal, Interaction.case_id)
             .join(Agent, Agent.id == Evaluation.agent_id).join(Team, Team.id == Agent.team_id)
             .join(Interaction, Interaction.id == Evaluation.interaction_id)
             .outerjoin(reviewer, reviewer.id == Evaluation.reviewer_id)
             .where(visible(principal, Evaluation), Evaluation.status == EvaluationState.FINAL,
                    Evaluation.week.in_(weeks_of_months(list(chosen.months))),
                    agent_filter(principal, chosen, Evaluation.agent_id))
             .order_by(Evaluation.id))
    frame = frame_of([tuple(row) for row in session.execute(query)], EVALUATION_COLUMNS)
    frame["month"] = frame["week"].map(month_of_week)
    frame["score"] = frame["score"].astype(float)
    return frame


def item_catalogue(document: dict[str, object]) -> dict[str, tuple[str, bool]]:
    """item id → (text, fatal) from a stored rubric document."""
    return {str(item["id"]): (str(item.get("text", "")), bool(item.get("fatal")))
            for section in document.get("sections", [])  # type: ignore[union-attr]
            for item in section.get("items", [])}


@dataclass(frozen=True)
class ItemWording:
    """The words the pages put beside item ids: each form's title (rubric id → title) and
    each item's text keyed by form and item (the newest version of the form wins)."""

    titles: dict[str, str]
    texts: dict[ItemKey, str]


def item_wording(session: Session) -> ItemWording:
    """The titles and item texts of every stored rubric version."""
    rows = session.execute(select(RubricVersion.rubric_id, RubricVersion.document)
                           .order_by(RubricVersion.id)).all()
    return ItemWording(
        titles={form: str(document.get("title") or "") for form, document in rows},
        texts=newest_texts([(form, {item: text for item, (text, _) in
                                    item_catalogue(document).items()})
                            for form, document in rows]))


@dataclass(frozen=True)
class VersionItem:
    """One item as one stored rubric version words it."""

    form: str  # the rubric's id
    text: str
    fatal: bool


def version_items(session: Session, version_ids: Iterable[int]) -> dict[tuple[int, str],
                                                                      VersionItem]:
    """(rubric version id, item id) → the item of exactly that version."""
    return {(version, item): VersionItem(form, text, fatal)
            for version, form, document in session.execute(
                select(RubricVersion.id, RubricVersion.rubric_id, RubricVersion.document)
                .where(RubricVersion.id.in_(set(version_ids))))
            for item, (text, fatal) in item_catalogue(document).items()}
