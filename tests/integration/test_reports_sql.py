"""The sums counted in the database (GROUP BY) give exactly the rollups that pandas computes
from single rows, on SQLite and PostgreSQL, for every table of the report pages.

The reference loads one row per evaluation, answer, quota, sample and survey answer (as the
reports did before their aggregation moved into SQL) and feeds the same rollup functions.
"""

from __future__ import annotations

from dataclasses import fields
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from sqlalchemy import Engine, case, select
from sqlalchemy.orm import Session, aliased

from qa_app.auth.scope import visible
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, CsiResponse, Interaction, Team
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.sampling_models import Sample, SampleQuota
from qa_app.db.work_models import RubricVersion
from qa_app.reports.queries.evaluation_rows import evaluations_frame, item_catalogue
from qa_app.reports.queries.kpi_sums import daily_sums
from qa_app.reports.queries.quality import QualityView, load_quality, quality_view
from qa_app.reports.queries.scope_filter import Filter, agent_filter, month_bounds
from qa_app.reports.rollups import completion, csi, items, kpis, linkage, qm
from qa_app.reports.rollups.periods import month_of_week, weeks_of_months
from qa_app.reports.rollups.stats import Correlation
from qa_app.reports.targets import load_targets

JAKARTA = ZoneInfo("Asia/Jakarta")
TARGETS = load_targets()
MONTHS = ("2026-10", "2026-11")



def _reference_rows(session: Session, principal,  # noqa: ANN001
                    chosen: Filter) -> dict[str, pd.DataFrame]:
    """One row per thing, as the reports loaded them before the sums moved into SQL."""
    weeks = weeks_of_months(list(chosen.months))
    answer_rows = session.execute(
        select(EvaluationAnswer.evaluation_id, RubricVersion.rubric_id, EvaluationAnswer.item_id,
               EvaluationAnswer.answer, RubricVersion.document)
        .join(Evaluation, Evaluation.id == EvaluationAnswer.evaluation_id)
        .join(RubricVersion, RubricVersion.id == Evaluation.rubric_version_id)
        .where(visible(principal, Evaluation)))
    answers = [(e, f, i, a, item_catalogue(d).get(i, ("", False))[1])
               for e, f, i, a, d in answer_rows]
    quotas = [(*row, month_of_week(row[4])) for row in session.execute(
        select(SampleQuota.agent_id, Agent.name, Team.name, Agent.tier, SampleQuota.week,
               SampleQuota.quota).join(Agent, Agent.id == SampleQuota.agent_id)
        .join(Team, Team.id == Agent.team_id)
        .where(visible(principal, SampleQuota), SampleQuota.week.in_(weeks),
               agent_filter(principal, chosen, SampleQuota.agent_id)))]
    reviewer = aliased(UserAccount)
    samples = [(*row[:6], month_of_week(row[5]), row[6], bool(row[7])) for row in session.execute(
        select(Sample.id, Sample.agent_id, Agent.name, Team.name, reviewer.username, Sample.week,
               Sample.kind, case((Evaluation.status == "final", True), else_=False))
        .join(Agent, Agent.id == Sample.agent_id).join(Team, Team.id == Agent.team_id)
        .outerjoin(reviewer, reviewer.id == Sample.reviewer_id)
        .outerjoin(Evaluation, Evaluation.sample_id == Sample.id)
        .where(visible(principal, Sample), Sample.week.in_(weeks),
               agent_filter(principal, chosen, Sample.agent_id)))]
    return {
        "answers": pd.DataFrame(answers, columns=["evaluation_id", "form", "item_id", "answer",
                                                  "item_fatal"]),
        "quotas": pd.DataFrame(quotas, columns=["agent_id", "agent", "team", "tier", "week",
                                                "quota", "month"]),
        "samples": pd.DataFrame(samples, columns=["sample_id", "agent_id", "agent", "team",
                                                  "reviewer", "week", "month", "kind",
                                                  "finalized"]),
    }


def _reference_csi(session: Session, principal, chosen: Filter) -> pd.DataFrame:  # noqa: ANN001
    """Survey answers with their agent: the answer's interaction, else the case's latest."""
    start, end = month_bounds(chosen.months, JAKARTA)
    latest: dict[str, int] = {}
    for case_id, agent_id in session.execute(select(Interaction.case_id, Interaction.agent_id)
                                             .order_by(Interaction.started_at)):
        latest[case_id] = agent_id
    agents = {agent_id: (name, team) for agent_id, name, team in session.execute(
        select(Agent.id, Agent.name, Team.name).join(Team, Team.id == Agent.team_id)
        .where(agent_filter(principal, chosen, Agent.id)))}
    rows = []
    for rid, interaction_agent, case_id, moment, score in session.execute(
            select(CsiResponse.id, Interaction.agent_id, CsiResponse.case_id,
                   CsiResponse.answered_at, CsiResponse.score)
            .outerjoin(Interaction, Interaction.id == CsiResponse.interaction_id)
            .where(visible(principal, CsiResponse), CsiResponse.answered_at >= start,
                   CsiResponse.answered_at < end)):
        agent_id = interaction_agent if interaction_agent is not None else latest.get(case_id)
        if agent_id in agents:
            rows.append((rid, agent_id, *agents[agent_id], case_id,
                         moment.astimezone(JAKARTA).strftime("%Y-%m"), score))
    return pd.DataFrame(rows, columns=["response_id", "agent_id", "agent", "team", "case_id",
                                       "month", "score"])


def _reference_view(session: Session, principal, level: str,  # noqa: ANN001
                    team: str | None) -> QualityView:
    """The rollups of single rows, with the same functions the pages use."""
    wider, shown = Filter(("2026-09", *MONTHS), team), Filter(MONTHS, team)
    all_evaluations = evaluations_frame(session, principal, wider)
    rows = _reference_rows(session, principal, wider)
    survey = _reference_csi(session, principal, shown)
    daily = daily_sums(session, principal, shown, JAKARTA, TARGETS.kpi, "agent")
    evaluations = all_evaluations[all_evaluations["month"].isin(MONTHS)]
    quotas = rows["quotas"][rows["quotas"]["month"].isin(MONTHS)]
    samples = rows["samples"][rows["samples"]["month"].isin(MONTHS)]
    random = evaluations[evaluations["kind"] == "random"]
    answers = rows["answers"][rows["answers"]["evaluation_id"].isin(random["evaluation_id"])]
    rolling = qm.rolling_qm(all_evaluations, level, 95.0, rows["quotas"])
    linked = linkage.link(evaluations, survey)
    group = "team" if level == "team" else "agent"
    csi_keys = ["team"] if level == "team" else ["agent_id", "agent", "team"]
    return QualityView(
        qm_month=qm.qm_table(evaluations, level, "month", 95.0, quotas),
        qm_week=qm.qm_table(evaluations, level, "week", 95.0, quotas),
        qm_rolling=rolling[rolling["month"].isin(MONTHS)].reset_index(drop=True),
        targeted=qm.qm_table(evaluations, level, "month", 95.0, kind="targeted"),
        trend_week=qm.qm_table(evaluations, "all", "week", 95.0, quotas),
        trend_month=qm.qm_table(evaluations, "all", "month", 95.0, quotas),
        completion=completion.completion_table(quotas, samples, level, "month"),
        reviewers=completion.reviewer_completion(samples, "month"),
        pareto=items.pareto(items.item_failures(answers, random)),
        items_by_group=items.item_failures(answers, random, [group]),
        items_by_month=items.item_failures(answers, random, ["month"]),
        fatal=items.fatal_counts(evaluations, [group, "month"]),
        csi=csi.csi_table(survey, [*csi_keys, "month"], TARGETS.csi),
        csi_trend=csi.csi_table(survey, ["month"], TARGETS.csi),
        csi_by_item=linkage.csi_by_item(linked, rows["answers"]),
        correlation=linkage.qm_csi_correlation(linked[linked["kind"] == "random"]),
        mismatches=linkage.mismatches(linked, TARGETS.mismatch),
        kpis=kpis.kpi_table(daily, level, "month", TARGETS.kpi),
        kpi_days=kpis.kpi_table(daily, level, "day", TARGETS.kpi),
        kpi_week=kpis.kpi_table(daily, "all", "week", TARGETS.kpi),
        kpi_month=kpis.kpi_table(daily, "all", "month", TARGETS.kpi))


def _same(name: str, summed: object, reference: object) -> None:
    if isinstance(summed, Correlation):
        assert isinstance(reference, Correlation) and summed.n == reference.n
        for part in ("r", "low", "high"):
            assert getattr(summed, part) == pytest.approx(getattr(reference, part)), part
        return
    assert isinstance(summed, pd.DataFrame) and isinstance(reference, pd.DataFrame)
    columns = list(reference.columns)
    pd.testing.assert_frame_equal(
        summed[columns].reset_index(drop=True), reference.reset_index(drop=True),
        check_dtype=False, check_exact=False, rtol=1e-9, obj=name)


@pytest.mark.parametrize("user, level, team", [
    ("manager", "team", None), ("manager", "agent", "Tim Gadai"), ("teamlead", "agent", None),
])
def test_sums_in_sql_give_the_rollups_of_single_rows(
        engine: Engine, spread, user: str, level: str, team: str | None) -> None:  # noqa: ANN001
    principal = spread.users[user]
    with Session(engine) as session:
        data = load_quality(session, principal, MONTHS, JAKARTA, TARGETS, team=team,
                            level=level)
        reference = _reference_view(session, principal, level, team)
    summed = quality_view(data, level, 95.0, TARGETS)
    for field in fields(QualityView):
        _same(field.name, getattr(summed, field.name), getattr(reference, field.name))
    assert len(data.evaluations) < data.evaluations["n"].sum()  # sums, not rows
    assert summed.correlation.n > 3 and summed.correlation.r is not None
    assert (summed.items_by_group["fatal_failed"] > 0).any() and len(summed.mismatches)
    assert summed.csi_by_item["fail_n"].sum() > 0 and summed.qm_rolling["quota"].sum() > 0
