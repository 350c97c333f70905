"""Fixtures of the queue tests: a task queue on an SQLite file or on Redis.

Each pytest-xdist worker gets a Redis database of its own (the one named by
QA_TEST_REDIS_URL plus the worker's number), because the queue tests empty their database
before they start: two workers sharing one would empty each other's queue mid-test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from qa_app.config import get_settings
from qa_app.db.models import CsiResponse, Interaction
from qa_app.queue import dispatch
from tests.factories import report_rows
from tests.factories.report_rows import PASS
from tests.factories.review_samples import stage_review_sample

REQUIRE_SERVICES = os.environ.get("QA_TEST_REQUIRE_SERVICES") == "1"
QueueUrl = Callable[[str, Path], str]


def _worker_redis_url() -> str:
    url = os.environ.get("QA_TEST_REDIS_URL", "")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, … under xdist
    if not url or not worker.startswith("gw"):
        return url
    head, _, database = url.rstrip("/").rpartition("/")
    if not database.isdigit():  # no database in the URL: Redis's 0
        head, database = url.rstrip("/"), "0"
    return f"{head}/{int(database) + int(worker[2:])}"


@pytest.fixture
def queue_url() -> QueueUrl:
    """``queue_url(kind, home)``: the QA_QUEUE_URL of an empty queue of that kind."""

    def url_of(kind: str, home: Path) -> str:
        if kind == "sqlite":
            return f"sqlite:///{home / 'queue.sqlite'}"
        redis_url = _worker_redis_url()
        if not redis_url:
            reason = "QA_TEST_REDIS_URL is not set: no Redis server to test against"
            if REQUIRE_SERVICES:
                pytest.fail(reason)
            pytest.skip(reason)
        import redis

        redis.Redis.from_url(redis_url).flushdb()  # this worker's own database
        return redis_url

    return url_of


@pytest.fixture(params=["sqlite", "redis"])
def queue(request: pytest.FixtureRequest, tmp_path: Path, queue_url: QueueUrl,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The process's task queue on an SQLite file or on Redis; yields its QA_QUEUE_URL."""
    url = queue_url(request.param, tmp_path)
    monkeypatch.setenv("QA_HOME", str(tmp_path))
    monkeypatch.setenv("QA_QUEUE_URL", url)
    get_settings.cache_clear()
    dispatch.task_queue.cache_clear()
    yield url
    dispatch.task_queue().huey.flush()
    get_settings.cache_clear()
    dispatch.task_queue.cache_clear()


@pytest.fixture
def sqlite_queue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's task queue: an SQLite file of the test's own (the default store)."""
    monkeypatch.setenv("QA_HOME", str(tmp_path))
    monkeypatch.delenv("QA_QUEUE_URL", raising=False)
    get_settings.cache_clear()
    dispatch.task_queue.cache_clear()
    yield
    get_settings.cache_clear()
    dispatch.task_queue.cache_clear()


# --------------------------------------------------------------------------- shared data
# Fixtures used by more than one test module (reports, exports, tallies, the 0007 migration).

SPREAD_ANSWERS = (
    {"O1": "yes", "V2": "yes", "C2": "yes"}, {"O1": "no", "V2": "yes", "C2": "partial"},
    {"O1": "na", "V2": "yes", "C2": "no"}, {"O1": "partial", "V2": "no", "C2": "yes"})


@pytest.fixture
def graded(engine: Engine, world) -> object:  # noqa: ANN001
    """G1: 90 (O1 no) and 100; G2: 80 (O1 no, C2 partial); D1: 100 and a targeted 50.
    Quotas of 2 each in 2026-W47. The CSI of D1's 100 is 1 (a mismatch), G2's 80 is 5."""
    ids, qco = world.interaction_ids, world.users["qco1"].user_id
    with Session(engine) as session, session.begin():
        rubric = report_rows.rubric_version(session)
        for code in ("G1", "G2", "D1"):
            report_rows.quota(session, world.agent_ids[code], "2026-W47", 2)
        for source, score, answers, kind in (
                ("OC-G1-0", 90, {**PASS, "O1": "no"}, "random"),
                ("OC-G1-1", 100, PASS, "random"),
                ("OC-G2-0", 80, {**PASS, "O1": "no", "C2": "partial"}, "random"),
                ("OC-D1-0", 100, PASS, "random"),
                ("OC-D1-1", 50, {**PASS, "C2": "no"}, "targeted")):
            report_rows.evaluation(session, ids[source], qco, rubric, "2026-W47", score, answers,
                            kind=kind)
        report_rows.evaluation(session, ids["OC-G2-1"], qco, rubric, "2026-W47", 0, PASS,
                        status="draft")
        for case, score in (("CASE-OC-D1-0", 1), ("CASE-OC-G2-0", 5)):
            session.execute(update(CsiResponse).where(CsiResponse.case_id == case)
                            .values(score=score))
    return world


@pytest.fixture
def spread(engine: Engine, world) -> object:  # noqa: ANN001
    """Evaluations over September–November (rolling windows), random and targeted, one
    fatal, one draft, na answers; CSI by interaction and by case only, two on one case."""
    qco = world.users["qco2"].user_id
    with Session(engine) as session, session.begin():
        rubric = report_rows.rubric_version(session)
        for agent_number, (code, agent_id) in enumerate(sorted(world.agent_ids.items())):
            for week_number, week in enumerate(("2026-W37", "2026-W42", "2026-W45", "2026-W47")):
                report_rows.quota(session, agent_id, week, 2 + agent_number % 2)
                monday = datetime.fromisocalendar(2026, int(week[-2:]), 1).replace(tzinfo=UTC)
                for n in range(3):
                    began = monday + timedelta(days=n, hours=3 + agent_number)
                    row = Interaction(source_id=f"S-{code}-{week}-{n}", agent_id=agent_id,
                                      channel="voice", direction="inbound", started_at=began,
                                      ended_at=began + timedelta(minutes=4), talk_seconds=200,
                                      consent="given", case_id=f"SC-{code}-{week}-{n}",
                                      row_hash=0)
                    session.add(row)
                    session.flush()
                    seed = agent_number * 7 + week_number * 3 + n
                    answers = SPREAD_ANSWERS[seed % len(SPREAD_ANSWERS)]
                    report_rows.evaluation(session, row.id, qco, rubric, week,
                                    0.0 if answers["V2"] == "no" else 60.0 + seed % 5 * 9.5,
                                    answers, kind="targeted" if n == 2 else "random",
                                    fatal=answers["V2"] == "no",
                                    status="draft" if seed == 11 else "final")
                    for k in range(1 + (seed % 4 == 0)):
                        session.add(CsiResponse(
                            response_key=f"R-{row.source_id}-{k}", case_id=row.case_id,
                            interaction_id=row.id if seed % 3 else None,
                            score=1 + (seed + k) % 5, answered_at=row.ended_at, row_hash=0))
    return world


@pytest.fixture
def staged(engine: Engine, world, tmp_path: Path) -> dict[str, int]:
    """qco1: OC-REC-002 (ready) and OC-REC-001 (no pre-score yet); qco2: OC-REC-012."""
    with Session(engine) as session, session.begin():
        samples = {}
        for recording, source_id, reviewer, agent, ready in (
                ("OC-REC-002", "OC-REV-1", "qco1", "G1", True),
                ("OC-REC-001", "OC-REV-2", "qco1", "G1", False),
                ("OC-REC-012", "OC-REV-3", "qco2", "D1", True)):
            samples[source_id] = stage_review_sample(
                session, recording_id=recording, source_id=source_id,
                agent_id=world.agent_ids[agent], reviewer_id=world.users[reviewer].user_id,
                recordings_dir=tmp_path / "recordings", with_prescore=ready).id
        return samples
