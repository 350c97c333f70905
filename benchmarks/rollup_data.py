"""The data set of ``rollup_bench.py``: a year of a contact center, written in bulk.

52 weeks ending with November 2026; 20 teams; interactions spread evenly (voice inbound
and outbound, chat, WhatsApp, e-mail) with talk/hold/ACW and first-response times; one CSI
answer per ten interactions (a fifth of them linked by case only); two random quota picks
per agent and week; finalized evaluations on the bundled voice-inbound form (22 items,
so 22 answers each), 8% of them targeted, plus drafts and drawn-but-unscored samples.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import yaml
from sqlalchemy import Connection, insert, text

from qa_app.db import migrate
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, CsiResponse, Interaction, Team
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.sampling_models import Sample, SampleDraw, SampleQuota
from qa_app.db.session import build_engine, session_scope
from qa_app.db.work_models import RubricVersion
from qa_app.reports.summaries import item_tallies as tallies
from qa_app.reports.summaries import kpi_day_table as kpi_days
from qa_app.reports.targets import load_targets

ZONE = ZoneInfo("Asia/Jakarta")
MONTH = "2026-11"
FIRST_MONDAY = date(2025, 12, 1)
WEEKS = 52
TEAMS = 20
REVIEWERS = 12
CHUNK = 50_000
RUBRIC = Path(__file__).resolve().parent.parent / "rubric" / "voice_inbound.yaml"
CHANNELS = np.array(["voice", "voice", "voice", "voice", "chat", "whatsapp", "email"])
ANSWERS = np.array(["yes", "partial", "no", "na"])
ANSWER_VALUES = np.array([1.0, 0.5, 0.0, np.nan])


def _chunks(count: int) -> Iterator[range]:
    for start in range(0, count, CHUNK):
        yield range(start, min(start + CHUNK, count))


def _write(connection: Connection, model: type, rows: list[dict[str, object]]) -> None:
    if rows:
        connection.execute(insert(model), rows)  # type: ignore[arg-type]


def build(url: str, agents: int, interactions: int, evaluations: int, seed: int = 8) -> None:
    engine = build_engine(url)
    migrate.upgrade(engine)
    rng = np.random.default_rng(seed)
    start = datetime.combine(FIRST_MONDAY, datetime.min.time(), ZONE).astimezone(UTC)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    with engine.begin() as db:
        _write(db, Team, [{"id": n + 1, "name": f"Tim {n:02d}"} for n in range(TEAMS)])
        _write(db, Agent, [{"id": n + 1, "employee_id": f"PGD{n:05d}", "name": f"Agent {n:04d}",
                            "hire_date": date(2023, 1, 2) + timedelta(days=n),
                            "tier": 1 + (n % 10 == 0),
                            "team_id": n % TEAMS + 1, "active": True, "row_hash": 0}
                           for n in range(agents)])
        _write(db, UserAccount, [{"id": n + 1, "username": f"qco{n}", "display_name": f"QCO {n}",
                                  "role": "qco", "must_change_password": False,
                                  "failed_logins": 0, "active": True, "created_at": now}
                                 for n in range(REVIEWERS)])
        document = yaml.safe_load(RUBRIC.read_text(encoding="utf-8"))
        _write(db, RubricVersion, [{"id": 1, "rubric_id": document["id"],
                                    "version": str(document["version"]), "content_hash": "bench",
                                    "document": document, "created_at": now}])
        weeks = [FIRST_MONDAY + timedelta(weeks=w) for w in range(WEEKS)]
        labels = [f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}" for d in weeks]
        _write(db, SampleDraw, [{"id": w + 1, "week": labels[w], "seed": "1",
                                 "rule_version": "bench", "parameters": {}, "pool_hash": "0",
                                 "created_at": now, "created_by": "bench"} for w in range(WEEKS)])
        for part in _chunks(agents * WEEKS):
            _write(db, SampleQuota, [{"draw_id": n // agents + 1, "agent_id": n % agents + 1,
                                      "week": labels[n // agents], "status": "sampled",
                                      "already_in_month": 0, "quota": 2, "interactions": 0,
                                      "eligible": 0, "picked": 2, "shortfall": 0,
                                      "exclusions": {}} for n in part])
        offsets = np.sort(rng.integers(0, WEEKS * 7 * 86400, interactions))
        agent_of = rng.integers(1, agents + 1, interactions)
        channel = CHANNELS[rng.integers(0, len(CHANNELS), interactions)]
        outbound = (channel == "voice") & (rng.random(interactions) < 0.15)
        talk = np.where(rng.random(interactions) < 0.05, 0.0,
                        rng.lognormal(5.3, 0.5, interactions).round())
        hold = rng.exponential(20, interactions).round()
        acw = rng.exponential(30, interactions).round()
        response = rng.lognormal(5.0, 0.8, interactions).round()
        wrap = np.array(["INFO", "KOMPLAIN", "TRANSAKSI", "ABANDON"])[
            rng.integers(0, 4, interactions)]
        for part in _chunks(interactions):
            _write(db, Interaction, [{
                "id": n + 1, "source_id": f"OC-{n:08d}", "agent_id": int(agent_of[n]),
                "channel": str(channel[n]), "direction": "outbound" if outbound[n] else "inbound",
                "started_at": start + timedelta(seconds=int(offsets[n])),
                "ended_at": start + timedelta(seconds=int(offsets[n] + talk[n] + hold[n])),
                "talk_seconds": float(talk[n]), "hold_seconds": float(hold[n]),
                "acw_seconds": float(acw[n]), "wrap_up_code": str(wrap[n]),
                "first_response_seconds": None if channel[n] == "voice" else float(response[n]),
                "case_id": f"CS-{n // 2 if n % 10 == 1 else n:09d}", "consent": "given",
                "row_hash": 0} for n in part])
        surveyed = np.sort(rng.choice(interactions, interactions // 10, replace=False))
        scores = rng.choice(np.arange(1, 6), surveyed.size, p=[0.05, 0.07, 0.18, 0.4, 0.3])
        for part in _chunks(surveyed.size):
            _write(db, CsiResponse, [{
                "response_key": f"S-{int(surveyed[k])}",
                "case_id": f"CS-{int(surveyed[k]):09d}",
                "interaction_id": None if k % 5 == 0 else int(surveyed[k]) + 1,
                "score": int(scores[k]), "row_hash": 0,
                "answered_at": start + timedelta(seconds=int(offsets[surveyed[k]]) + 3600)}
                for k in part])
        _evaluations(db, rng, document, offsets, agent_of, labels, start, evaluations, now)
    with session_scope(engine) as session:  # the rows above bypass import and finalize
        tallies.rebuild(session)
        kpi_days.rebuild(session, ZONE, load_targets().kpi)
    if engine.dialect.name == "postgresql":  # as autovacuum would; the SQLite app never does
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            db.execute(text("ANALYZE"))
    engine.dispose()


def _evaluations(db: Connection, rng: np.random.Generator, document: dict[str, object],
                 offsets: np.ndarray, agent_of: np.ndarray, labels: list[str], start: datetime,
                 finalized: int, now: datetime) -> None:
    """Samples of ``finalized`` + 5% interactions; the first ``finalized`` are final, then
    2% drafts, then samples never opened."""
    sections = document["sections"]
    items = [item for section in sections for item in section["items"]]  # type: ignore[union-attr]
    weights = np.array([float(item["weight"]) for item in items])
    fatal = np.array([bool(item.get("fatal")) for item in items])
    drafts, waiting = finalized // 50, finalized // 20 - finalized // 50
    picked = np.sort(rng.choice(offsets.size, finalized + drafts + waiting, replace=False))
    order = rng.permutation(picked.size)  # which picks are final/draft/waiting
    cumulative = np.where(fatal[:, None], np.cumsum([0.96, 0.0, 0.01, 0.03]),
                          np.cumsum([0.82, 0.07, 0.08, 0.03]))
    draws = rng.random((picked.size, len(items)))
    all_picks = np.minimum((draws[:, :, None] > cumulative[None, :, :]).sum(axis=2), 3)
    for part in _chunks(picked.size):
        samples, evaluations, answers = [], [], []
        for k in part:
            n, rank = int(picked[k]), int(order[k])
            week = labels[min(int(offsets[n]) // (7 * 86400), len(labels) - 1)]
            kind = "targeted" if rank % 12 == 0 else "random"
            reviewer = rank % REVIEWERS + 1
            samples.append({"id": k + 1, "draw_id": labels.index(week) + 1,
                            "interaction_id": n + 1, "agent_id": int(agent_of[n]), "week": week,
                            "kind": kind, "reviewer_id": reviewer, "assigned_at": start,
                            "status": "done" if rank < finalized else "waiting"})
            if rank >= finalized + drafts:
                continue
            picks = all_picks[k]
            values = ANSWER_VALUES[picks]
            applicable = ~np.isnan(values)
            failed_fatal = bool((fatal & (picks == 2)).any())
            total = weights[applicable].sum()
            score = 0.0 if failed_fatal else round(
                float((weights[applicable] * values[applicable]).sum() / total * 100), 2)
            status = "final" if rank < finalized else "draft"
            evaluations.append({
                "id": k + 1, "sample_id": k + 1, "interaction_id": n + 1,
                "agent_id": int(agent_of[n]), "reviewer_id": reviewer, "week": week,
                "kind": kind, "rubric_version_id": 1, "status": status, "score": score,
                "fatal": failed_fatal, "pending_weight": 0.0, "revision": 1, "version": 1,
                "opened_at": now, "seconds_spent": 300.0, "updated_at": now, "updated_by": "bench",
                "finalized_at": now if status == "final" else None})
            answers.extend({"evaluation_id": k + 1, "item_id": str(item["id"]),
                            "answer": str(ANSWERS[pick])}
                           for item, pick in zip(items, picks, strict=False))
        _write(db, Sample, samples)
        _write(db, Evaluation, evaluations)
        _write(db, EvaluationAnswer, answers)
