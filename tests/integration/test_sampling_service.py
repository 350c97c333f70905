"""The sampling service on SQLite and PostgreSQL: draw, store, assign, verify, reassign;
and the `draw` command in a fresh process."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from qa_app.db import migrate
from qa_app.db.auth_models import AuditEvent, UserAccount
from qa_app.db.models import Agent, CsiResponse, Interaction, Team
from qa_app.db.sampling_models import (
    ReviewerAbsence,
    Sample,
    SampleAssignmentLog,
    SampleDraw,
    SampleQuota,
)
from qa_app.db.session import build_engine, session_scope
from qa_app.sampling.export import EXPORT_COLUMNS, export_rows
from qa_app.sampling.reassign import AssignmentError, reassign_absent_reviewer, reassign_sample
from qa_app.sampling.rules import load_rules
from qa_app.sampling.service import DrawError, plan_week, run_draw
from qa_app.sampling.store import load_candidates
from qa_app.sampling.verify import verify_draw
from qa_app.sampling.weeks import IsoWeek
from qa_app.worker.weekly_draw import scheduled_weekly_draw

CliRun = Callable[..., subprocess.CompletedProcess[str]]  # the qa_cli fixture
JAKARTA = ZoneInfo("Asia/Jakarta")
W46, W47 = IsoWeek(2026, 46), IsoWeek(2026, 47)
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 09:00 in Jakarta, week 48


def add_interaction(session: Session, agent: Agent, source_id: str, day: date, hour: int,
                    channel: str = "chat", seconds: int = 120, consent: str = "given",
                    recording: bool = True, ticket: str | None = None) -> Interaction:
    started = datetime(day.year, day.month, day.day, hour, tzinfo=JAKARTA)
    interaction = Interaction(
        source_id=source_id, agent_id=agent.id, channel=channel, direction="inbound",
        started_at=started, ended_at=started + timedelta(seconds=seconds),
        talk_seconds=seconds if channel == "voice" else None, consent=consent,
        recording_path=f"{source_id}.wav" if channel == "voice" and recording else None,
        case_id=f"CASE-{source_id}", ticket_key=ticket, row_hash=0)
    session.add(interaction)
    return interaction


def build(engine: Engine) -> dict[str, int]:
    """Agents with full, short, empty and leaving pools over weeks 46–47, three QCOs."""
    with session_scope(engine) as session:
        team = Team(name="Inbound")
        session.add(team)
        session.flush()

        def agent(employee_id: str, hire: date, left: date | None = None) -> Agent:
            row = Agent(employee_id=employee_id, name=employee_id, hire_date=hire, tier=1,
                        team_id=team.id, active=left is None, left_date=left, row_hash=0)
            session.add(row)
            session.flush()
            return row

        tenured, new = agent("PGD001", date(2024, 1, 8)), agent("PGD002", date(2026, 10, 5))
        agent("PGD003", date(2024, 1, 8))  # no interactions at all
        leaver = agent("PGD004", date(2024, 1, 8), left=date(2026, 11, 17))
        agent("PGD005", date(2026, 12, 1))  # hired after the weeks: not on the roster yet
        for week in (W46, W47):
            for offset, day in enumerate(week.days()):
                add_interaction(session, tenured, f"V-{day}", day, 9, "voice", 200)
                add_interaction(session, tenured, f"R-{day}", day, 10, "voice", 200,
                                recording=False)
                add_interaction(session, tenured, f"C-{day}", day, 11, "chat",
                                ticket=f"ARIANA-{offset}" if offset == 2 else None)
        add_interaction(session, new, "N-1", W47.monday, 9)
        add_interaction(session, new, "N-2", W47.monday, 10, seconds=10)
        add_interaction(session, new, "N-3", W47.sunday, 10, consent="refused")
        add_interaction(session, new, "N-4", W47.sunday, 11, consent="unknown")
        add_interaction(session, leaver, "L-1", W47.monday, 9)
        session.flush()
        low = session.scalar(select(Interaction).where(Interaction.source_id == f"V-{W47.monday}"))
        session.add(CsiResponse(response_key="S1", case_id=low.case_id, score=1,
                                answered_at=NOW, row_hash=0))
        ids = {}
        for name in ("qco1", "qco2", "qco3", "lead"):
            user = UserAccount(username=name, display_name=name,
                               role="team_lead" if name == "lead" else "qco", created_at=NOW)
            session.add(user)
            session.flush()
            ids[name] = user.id
        session.add_all(ReviewerAbsence(user_id=ids["qco3"], day=day)
                        for day in W47.shifted(1).days()[:5])
        return ids


@pytest.fixture
def reviewers(engine: Engine) -> dict[str, int]:
    return build(engine)


def test_a_draw_is_stored_assigned_audited_and_verifies(engine: Engine,
                                                        reviewers: dict[str, int]) -> None:
    with session_scope(engine) as session:
        result = run_draw(session, "2026-W47", by="tester", seed=2**127 + 5, now=NOW)
    plan = result.plan
    by_agent = {a.agent.employee_id: a for a in plan.agents}
    assert set(by_agent) == {"PGD001", "PGD002", "PGD003", "PGD004"}
    tenured, new = by_agent["PGD001"], by_agent["PGD002"]
    assert (tenured.quota.quota, len(tenured.random_picks), tenured.exclusions["no_recording"]) \
        == (2, 2, 7)
    assert any(p.candidate.channel == "voice" for p in tenured.random_picks)
    assert len({p.candidate.day for p in tenured.random_picks}) == 2
    low_csi_taken = any(p.candidate.source_id == f"V-{W47.monday}" for p in tenured.random_picks)
    assert [p.target_reasons for p in tenured.targeted_picks] == (
        [("escalated",)] if low_csi_taken else [("csi_low",)])
    assert (new.quota.quota, new.eligible, new.shortfall, new.shortfall_reason(W47)) \
        == (3, 2, 1, "pool_below_quota")
    assert dict(new.exclusions) == {"too_short": 1, "consent": 1}
    assert by_agent["PGD003"].shortfall_reason(W47) == "no_interactions"
    assert by_agent["PGD004"].shortfall_reason(W47) == "left_during_week"
    assert (plan.required, plan.drawn, plan.shortfall) == (9, 5, 4)

    with Session(engine) as session:
        draw = session.get(SampleDraw, result.draw_id)
        assert (draw.week, draw.seed, draw.created_by) == ("2026-W47", str(2**127 + 5), "tester")
        assert draw.rule_version == plan.rules.version and draw.pool_hash == plan.pool_hash
        samples = list(session.scalars(select(Sample)))
        assert len(samples) == plan.drawn + plan.targeted == 6
        assert {s.kind for s in samples} == {"random", "targeted"}
        loads = {r: sum(s.reviewer_id == r for s in samples) for r in reviewers.values()}
        assert loads[reviewers["qco3"]] == 0 and loads[reviewers["lead"]] == 0  # absent, no QCO
        assert {loads[reviewers["qco1"]], loads[reviewers["qco2"]]} == {3}
        logs = list(session.scalars(select(SampleAssignmentLog)))
        assert sorted((log.sample_id, log.to_reviewer_id) for log in logs) == sorted(
            (s.id, s.reviewer_id) for s in samples)
        assert {(log.from_reviewer_id, log.reason, log.by, log.at) for log in logs} == {
            (None, "draw", "tester", NOW)}
        quota = session.get(SampleQuota, (draw.id, by_agent["PGD002"].agent.agent_id))
        assert (quota.quota, quota.picked, quota.shortfall, quota.shortfall_reason) \
            == (3, 2, 1, "pool_below_quota")
        assert session.scalar(select(AuditEvent.action).where(
            AuditEvent.target_id == str(draw.id))) == "draw"
        assert verify_draw(session, draw.id).matches

    with session_scope(engine) as session, pytest.raises(DrawError, match="already drawn"):
        run_draw(session, W47, by="tester")


def test_the_pool_query_folds_in_every_fact_of_a_candidate(engine: Engine,
                                                          reviewers: dict[str, int]) -> None:
    with session_scope(engine) as session:
        leaver = session.scalar(select(Agent).where(Agent.employee_id == "PGD004"))
        add_interaction(session, leaver, "L-2", W47.sunday, 23, seconds=95, ticket=None)
        session.flush()
        direct = session.scalar(select(Interaction.id).where(Interaction.source_id == "L-2"))
        session.add(CsiResponse(response_key="S2", interaction_id=direct, score=2,
                                answered_at=NOW, row_hash=0))
        draw_id = run_draw(session, W47, by="tester", seed=11, now=NOW).draw_id
    rules = load_rules()
    with Session(engine) as session:
        pools = load_candidates(session, W47, JAKARTA, rules)
        again = load_candidates(session, W47, JAKARTA, rules, ignore_draw_id=draw_id)
        sampled = set(session.scalars(select(Sample.interaction_id)))
    by_source = {c.source_id: c for pool in pools.values() for c in pool}
    assert {c.interaction_id for c in by_source.values() if c.already_sampled} == sampled
    assert not any(c.already_sampled for pool in again.values() for c in pool)
    assert {s for s, c in by_source.items() if c.csi_low} == {f"V-{W47.monday}", "L-2"}
    assert {s for s, c in by_source.items() if c.escalated} == {f"C-{W47.days()[2]}"}
    late = by_source["L-2"]  # 23:00 on Sunday in Jakarta is 16:00 UTC, still the week
    assert (late.day, late.has_recording, late.handle_seconds) == (W47.sunday, False, 0)
    assert late.duration_seconds == pytest.approx(95.0, abs=0.01)  # julianday on SQLite
    voice = by_source[f"R-{W47.monday}"]
    assert (voice.channel, voice.duration_seconds, voice.has_recording, voice.consent) == (
        "voice", 200.0, False, "given")
    assert all(type(flag) is bool for c in by_source.values()
               for flag in (c.has_recording, c.already_sampled, c.csi_low, c.escalated))
    assert sum(map(len, pools.values())) == 3 * 7 + 4 + 2


def test_verify_reports_a_changed_pool_and_altered_picks(engine: Engine,
                                                         reviewers: dict[str, int]) -> None:
    with session_scope(engine) as session:
        draw_id = run_draw(session, W47, by="tester", seed=7, now=NOW).draw_id
    with session_scope(engine) as session:
        sample = session.scalars(select(Sample).where(Sample.kind == "random")).first()
        sample.interaction_id = session.scalar(
            select(Interaction.id).where(Interaction.id.not_in(select(Sample.interaction_id)))
            .order_by(Interaction.id).limit(1))
    with Session(engine) as session:
        result = verify_draw(session, draw_id)
    assert not result.matches and len(result.missing) == 1 and len(result.unexpected) == 1
    with session_scope(engine) as session:
        session.execute(update(Interaction).where(Interaction.source_id == "R-2026-11-18")
                        .values(recording_path="late.wav"))
    with Session(engine) as session:
        assert not verify_draw(session, draw_id).pool_matches


def test_the_monthly_cap_counts_earlier_weeks_of_the_month(engine: Engine,
                                                           reviewers: dict[str, int]) -> None:
    with session_scope(engine) as session:
        run_draw(session, W46, by="tester", seed=1, now=NOW)
    with Session(engine) as session:
        plan = plan_week(session, W47, seed=1)
    tenured = next(a for a in plan.agents if a.agent.employee_id == "PGD001")
    assert tenured.quota.already_in_month == 2 and tenured.quota.quota == 2
    assert not {p.candidate.source_id for p in tenured.picks} & {f"V-{d}" for d in W46.days()}


def test_reassignment_needs_a_reason_and_is_logged(engine: Engine,
                                                   reviewers: dict[str, int]) -> None:
    with session_scope(engine) as session:
        run_draw(session, W47, by="tester", seed=3, now=NOW)
    with session_scope(engine) as session:
        sample = session.scalars(select(Sample).where(
            Sample.reviewer_id == reviewers["qco1"])).first()
        with pytest.raises(AssignmentError, match="give a reason"):
            reassign_sample(session, sample.id, reviewers["qco2"], " ", by="lead")
        with pytest.raises(AssignmentError, match="not an active reviewer"):
            reassign_sample(session, sample.id, reviewers["lead"], "leave", by="lead")
        reassign_sample(session, sample.id, reviewers["qco2"], "calibration pair", by="lead")
        moved = reassign_absent_reviewer(session, W47, reviewers["qco2"], "sick", by="lead")
        assert moved and all(s.reviewer_id == reviewers["qco1"] for s in moved)
    with Session(engine) as session:
        log = session.scalars(select(SampleAssignmentLog).where(
            SampleAssignmentLog.reason == "calibration pair")).one()
        assert (log.from_reviewer_id, log.to_reviewer_id, log.by) == (
            reviewers["qco1"], reviewers["qco2"], "lead")
        assert session.scalar(select(func.count()).where(
            AuditEvent.action == "assignment_change")) == 1 + len(moved)


def test_export_rows_and_the_scheduled_draw(engine: Engine, reviewers: dict[str, int],
                                           tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from qa_app.config import get_settings
    from qa_app.queue import dispatch

    monkeypatch.setenv("QA_HOME", str(tmp_path))  # the draw's transcriptions: a queue of its own
    monkeypatch.delenv("QA_QUEUE_URL", raising=False)
    get_settings.cache_clear()
    dispatch.task_queue.cache_clear()
    result = scheduled_weekly_draw(engine, NOW)
    assert result is not None and str(result.plan.week) == "2026-W47"
    assert scheduled_weekly_draw(engine, NOW + timedelta(hours=1)) is None
    with Session(engine) as session:
        rows = export_rows(session, W47)
    assert len(rows) == len(result.plan.picks())
    row = dict(zip(EXPORT_COLUMNS, rows[0], strict=True))
    assert row["week"] == "2026-W47" and row["employee_id"] == "PGD001"
    assert row["reviewer"] in {"qco1", "qco2"} and row["status"] == "waiting"
    assert row["started_at_local"].startswith("2026-11-")


def test_draw_dry_run_store_and_verify(tmp_path: Path, qa_cli: CliRun) -> None:
    engine = build_engine(f"sqlite:///{tmp_path / 'qa.sqlite'}")
    migrate.upgrade(engine)
    build(engine)
    engine.dispose()

    dry = qa_cli(tmp_path, "draw", "--week", "2026-W47", "--seed", "5", "--dry-run",
                 QA_LANGUAGE="en")
    assert dry.returncode == 0, dry.stderr
    assert "Week 2026-W47: 4 agents, quota 9, drawn 5 random" in dry.stdout
    assert "PGD002 PGD002: quota 3, drawn 2, short by 1 — eligible pool below quota" in dry.stdout
    assert "Dry run: nothing was stored" in dry.stdout
    stored = qa_cli(tmp_path, "draw", "run", "--week", "2026-W47", "--seed", "5", QA_LANGUAGE="en")
    assert stored.returncode == 0, stored.stderr
    assert "Draw #1 stored: 6 samples, spread over 2 reviewers" in stored.stdout
    pool_line = [line for line in dry.stdout.splitlines() if "pool hash" in line]
    assert pool_line and pool_line[0] in stored.stdout  # same seed and pool: same draw

    verified = qa_cli(tmp_path, "draw", "verify", "1", QA_LANGUAGE="en")
    assert verified.returncode == 0 and "MATCH" in verified.stdout
    with sqlite3.connect(tmp_path / "qa.sqlite") as db:
        db.execute("UPDATE interaction SET consent = 'refused' WHERE id IN "
                   "(SELECT interaction_id FROM sample)")
    changed = qa_cli(tmp_path, "draw", "verify", "1", QA_LANGUAGE="en")
    assert changed.returncode == 1
    assert "MISMATCH — the pool changed" in changed.stdout

    bad_week = qa_cli(tmp_path, "draw", "--week", "2026-47")
    assert bad_week.returncode == 2 and "write it as YYYY-Www" in bad_week.stderr
