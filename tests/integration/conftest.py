"""Fixtures of the queue tests: a task queue on an SQLite file or on Redis.

Each pytest-xdist worker gets a Redis database of its own (the one named by
QA_TEST_REDIS_URL plus the worker's number), because the queue tests empty their database
before they start: two workers sharing one would empty each other's queue mid-test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from qa_app.config import get_settings
from qa_app.queue import dispatch

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
