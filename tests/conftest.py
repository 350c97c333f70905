"""Shared fixtures: fresh migrated databases on SQLite and, when reachable, PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.db import migrate
from qa_app.db.session import build_engine

POSTGRES_URL = os.environ.get("QA_TEST_POSTGRES_URL", "")
REQUIRE_SERVICES = os.environ.get("QA_TEST_REQUIRE_SERVICES") == "1"


PROJECT = Path(__file__).resolve().parents[1]
CliRun = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def qa_cli() -> CliRun:
    """Run `python -m qa_app ARGS` in a fresh process with QA_HOME=home, as a user would;
    the caller's QA_* variables are left out, keyword arguments add settings."""

    def run(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
        environment = {**inherited, "QA_HOME": str(home), "PYTHONPATH": str(PROJECT), **env}
        return subprocess.run([sys.executable, "-m", "qa_app", *args], capture_output=True,
                              text=True, env=environment, cwd=home, timeout=300)

    return run


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with 1 MiB and one pass: same algorithm, a hundredth of the time."""
    from argon2 import PasswordHasher, Type

    from qa_app.auth import passwords

    monkeypatch.setattr(passwords, "_HASHER",
                        PasswordHasher(type=Type.ID, memory_cost=1024, time_cost=1,
                                       parallelism=1))


def _unavailable(reason: str) -> None:
    """Skip where the server is simply absent; fail in CI, which promised to provide it."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (CI sets QA_TEST_REQUIRE_SERVICES=1, so this must not skip)")
    pytest.skip(reason)


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = build_engine(f"sqlite:///{tmp_path / 'qa.sqlite'}")
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    """A database of its own on the PostgreSQL server, dropped afterwards."""
    if not POSTGRES_URL:
        _unavailable("QA_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against")
    server = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"qa_test_{uuid.uuid4().hex[:12]}"
    try:
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # the server is down or refuses us
        server.dispose()
        _unavailable(f"PostgreSQL at {POSTGRES_URL} is not reachable: {error}")
    engine = build_engine(make_url(POSTGRES_URL).set(database=name).render_as_string(False))
    migrate.upgrade(engine)
    yield engine
    engine.dispose()
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    server.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Engine:
    """The same test on SQLite and on PostgreSQL."""
    fixture = "sqlite_engine" if request.param == "sqlite" else "postgres_engine"
    return request.getfixturevalue(fixture)


@dataclass(frozen=True)
class World:
    """Two teams, their agents and interactions, CSI answers, and accounts of every role.

    Team Gadai: agents G1, G2 (G1 has interactions OC-G1-0..3, G2 OC-G2-0..3);
    Team Digital: agent D1 (OC-D1-0..3). qco1 is assigned OC-G1-0 and OC-D1-0, qco2 OC-G2-0.
    The team lead coaches Team Gadai; the agent account is G1. Every case has one CSI answer.
    """

    users: dict[str, Principal]
    interaction_ids: dict[str, int]
    agent_ids: dict[str, int]


WORLD_PASSWORD = "Rahasia-Uji-2026"


@pytest.fixture
def world(engine: Engine) -> World:
    from qa_app.auth import accounts
    from qa_app.config import Settings
    from qa_app.db.models import Agent, CsiResponse, Interaction, Team
    from qa_app.db.sampling_models import Sample, SampleDraw

    start = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)
    settings = Settings(password_min_length=10)
    with Session(engine) as session, session.begin():
        teams = {name: Team(name=name) for name in ("Tim Gadai", "Tim Digital")}
        session.add_all(teams.values())
        agents = {code: Agent(employee_id=code, name=f"Agent {code}", hire_date=date(2025, 1, 6),
                              tier=1, team=teams[team], active=True, row_hash=0)
                  for code, team in (("G1", "Tim Gadai"), ("G2", "Tim Gadai"),
                                     ("D1", "Tim Digital"))}
        session.add_all(agents.values())
        session.flush()
        interactions = {}
        for code, agent in agents.items():
            for n in range(4):
                source_id = f"OC-{code}-{n}"
                began = start + timedelta(hours=n)
                interactions[source_id] = Interaction(
                    source_id=source_id, agent_id=agent.id, channel="voice",
                    direction="inbound", started_at=began, ended_at=began + timedelta(minutes=5),
                    talk_seconds=280, consent="given", case_id=f"CASE-{source_id}", row_hash=0)
        session.add_all(interactions.values())
        session.flush()
        session.add_all(CsiResponse(response_key=f"CSI-{source_id}", case_id=f"CASE-{source_id}",
                                    interaction_id=None, score=4, answered_at=row.ended_at,
                                    row_hash=0)
                        for source_id, row in interactions.items())
        users = {}
        for username, role, extra in (
                ("admin", "admin", {}), ("qcolead", "qco_lead", {}), ("qco1", "qco", {}),
                ("qco2", "qco", {}), ("manager", "manager", {}),
                ("teamlead", "team_lead", {"team_codes": ["Tim Gadai"]}),
                ("agent", "agent", {"agent_employee_id": "G1"})):
            user, _ = accounts.create_user(session, username=username, display_name=username,
                                           role=role, by="test", password=WORLD_PASSWORD,
                                           settings=settings, **extra)
            user.must_change_password = False
            users[username] = accounts.principal_of(session, user)
        draw = SampleDraw(week="2026-W47", seed="1", rule_version="test", parameters={},
                          pool_hash="0", created_at=start, created_by="test")
        session.add(draw)
        session.flush()
        for source_id, reviewer in (("OC-G1-0", "qco1"), ("OC-D1-0", "qco1"),
                                    ("OC-G2-0", "qco2")):
            row = interactions[source_id]
            session.add(Sample(draw_id=draw.id, interaction_id=row.id, agent_id=row.agent_id,
                               week="2026-W47", kind="random",
                               reviewer_id=users[reviewer].user_id, assigned_at=start))
        return World(users=users,
                     interaction_ids={k: v.id for k, v in interactions.items()},
                     agent_ids={k: v.id for k, v in agents.items()})
