"""End-to-end fixtures: the real app served by Streamlit, driven by Debian's chromium.

The browser is the system's /usr/bin/chromium (installed by `make test`), never one
downloaded by Playwright. Each test gets its own QA_HOME with a migrated SQLite database.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from qa_app.web.routes import COOKIE_NAME

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REQUIRE_SERVICES = os.environ.get("QA_TEST_REQUIRE_SERVICES") == "1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310  (local test server)
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def wait_for_session_cookie(context: BrowserContext) -> dict:
    """The HttpOnly session cookie: it arrives a moment after the login, when the page has
    posted its one-time ticket."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        cookies = [c for c in context.cookies() if c["name"] == COOKIE_NAME]
        if cookies:
            return dict(cookies[0])
        time.sleep(0.2)
    raise AssertionError("no session cookie was set")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        reason = "Debian's chromium is not installed (make test installs it with apt-get)"
        if REQUIRE_SERVICES:
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def qa_home(tmp_path: Path) -> Path:
    env = {**os.environ, "QA_HOME": str(tmp_path)}
    env.pop("QA_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "qa_app", "db", "upgrade"], env=env, check=True,
                   capture_output=True, cwd=PROJECT)
    return tmp_path


@pytest.fixture
def start_app(qa_home: Path) -> Iterator[Callable[..., str]]:
    """Start ``streamlit run qa_app/web/server.py``; returns its base URL. Stopped afterwards."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(extra_env: dict[str, str] | None = None, port: int | None = None,
              secrets_file: Path | None = None) -> str:
        port = port or free_port()
        env = {**os.environ, "QA_HOME": str(qa_home), **(extra_env or {})}
        env.pop("QA_DATABASE_URL", None)
        command = [sys.executable, "-m", "streamlit", "run", "qa_app/web/server.py",
                   "--server.port", str(port), "--server.headless", "true",
                   "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        if secrets_file:
            command += ["--secrets.files", str(secrets_file)]
        process = subprocess.Popen(command, env=env, cwd=PROJECT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        processes.append(process)
        wait_for(f"http://127.0.0.1:{port}/_stcore/health", process)
        return f"http://localhost:{port}"

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=20)
