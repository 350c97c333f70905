"""An agent's QM figures straight from the finalized evaluations (no cache to refresh).

Random samples make the QM score; targeted reviews are counted apart and never averaged in.
The full rollups (per week, month, team; margins; targets) belong to the reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.review_models import Evaluation


@dataclass(frozen=True)
class AgentFigures:
    random_final: int
    targeted_final: int
    qm_score: float | None  # mean of the random finals' scores; None before the first
    fatal_count: int


def agent_figures(session: Session, principal: Principal, agent_id: int,
                  weeks: tuple[str, ...] = ()) -> AgentFigures:
    query = (select(Evaluation.kind, func.count(), func.avg(Evaluation.score),
                    func.sum(cast(Evaluation.fatal, Integer)))
             .where(visible(principal, Evaluation), Evaluation.agent_id == agent_id,
                    Evaluation.status == "final")
             .group_by(Evaluation.kind))
    if weeks:
        query = query.where(Evaluation.week.in_(weeks))
    by_kind = {kind: (count, mean, fatal) for kind, count, mean, fatal in session.execute(query)}
    random_count, random_mean, random_fatal = by_kind.get("random", (0, None, 0))
    targeted_count, _, targeted_fatal = by_kind.get("targeted", (0, None, 0))
    return AgentFigures(int(random_count), int(targeted_count),
                        None if random_mean is None else float(random_mean),
                        int(random_fatal or 0) + int(targeted_fatal or 0))
