"""The sampling page's choices on SQLite and PostgreSQL: only weeks holding interactions
(local weeks, not UTC ones) are offered, and a draw is shared among the QCOs the lead chose,
the next draw proposing the same pool."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine, select

from qa_app.db.models import Agent
from qa_app.db.sampling_models import Sample, SampleDraw
from qa_app.db.session import session_scope
from qa_app.sampling.reviewer_pool import last_pool, pool_choice
from qa_app.sampling.rules import load_rules
from qa_app.sampling.service import run_draw
from qa_app.sampling.week_tables import weeks_with_data
from qa_app.sampling.weeks import IsoWeek
from tests.integration.test_sampling_service import JAKARTA, NOW, W46, W47, add_interaction, build

W44, W48, W49 = IsoWeek(2026, 44), IsoWeek(2026, 48), IsoWeek(2026, 49)


def test_only_local_weeks_with_interactions_or_a_draw_are_offered(engine: Engine) -> None:
    build(engine)
    with session_scope(engine) as session:
        agent = session.scalars(select(Agent).where(Agent.employee_id == "PGD001")).one()
        # Monday 03:00 in Jakarta is Sunday 20:00 UTC: the local week 49, not week 48
        add_interaction(session, agent, "EARLY", W49.monday, 3)
        session.add(SampleDraw(week=str(W44), seed="1", rule_version="v", parameters={},
                               pool_hash="x", created_at=NOW, created_by="test"))
    with session_scope(engine) as session:
        assert weeks_with_data(session, date(2026, 12, 9), JAKARTA) == [W49, W47, W46, W44]
        assert weeks_with_data(session, date(2026, 11, 25), JAKARTA) == [W47, W46, W44]
        assert weeks_with_data(session, date(2026, 12, 9), JAKARTA, limit=2) == [W49, W47]


def test_the_draw_goes_to_the_chosen_qcos_and_the_next_one_keeps_that_pool(
        engine: Engine) -> None:
    ids = build(engine)
    assignment = load_rules().assignment
    with session_scope(engine) as session:
        assert last_pool(session) is None
        first = pool_choice(session, W46, assignment)
        assert first.proposed == [ids["qco1"], ids["qco2"], ids["qco3"]]  # nothing chosen yet
        run_draw(session, W46, by="lead", seed=5, now=NOW, reviewer_ids=[ids["qco2"]])
    with session_scope(engine) as session:
        assert set(session.scalars(select(Sample.reviewer_id))) == {ids["qco2"]}
        assert last_pool(session) == [ids["qco2"]]
        assert pool_choice(session, W47, assignment).proposed == [ids["qco2"]]
        # without a choice (the CLI, the Monday task): the last pool, not every QCO
        result = run_draw(session, W47, by="scheduler", seed=6,
                          now=datetime(2026, 11, 30, 2, tzinfo=UTC))
    assert result.reviewers == 1
    with session_scope(engine) as session:
        assert set(session.scalars(select(Sample.reviewer_id).where(
            Sample.week == str(W47)))) == {ids["qco2"]}
