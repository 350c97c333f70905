"""Shared fixtures: fresh migrated databases on SQLite and, when reachable, PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from qa_app.db import migrate
from qa_app.db.session import build_engine

POSTGRES_URL = os.environ.get("QA_TEST_POSTGRES_URL", "")
REQUIRE_SERVICES = os.environ.get("QA_TEST_REQUIRE_SERVICES") == "1"


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
