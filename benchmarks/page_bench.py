"""Time from a click to the settled page, in Debian's chromium, on the demo data (issue 17).

Measures the manager overview, its month switch, the team page and the agent scorecard (as
the demo's ``manager``) and the review screen (as ``qco1``): from the click on the sidebar
link (or on the month in the month list) to the moment the content settles — Streamlit's
run is over (no element marked stale, no running indicator), the page's heading is shown,
every chart is drawn, and nothing on the page has changed for ``QUIET_MS``. The settled time
is that of the page's last change, taken in the browser (``performance.now()``), so the
polling does not add to it.

Each page is visited once right after the server starts (cold: nothing cached, the page's
modules not yet imported) and then ``--repeat`` more times (warm), going round the pages.
Prints the cold time and the median (min–max) of the warm ones per page against the target
of 1.0 s, with the load average before and after (the machine may be shared). Beside them,
the server's part: the server runs under ``page_server.py``, which logs the wall and CPU
seconds of each script run, so what the click cost the server and what the browser took to
draw can be told apart (CPU seconds depend least on the load of other processes).

The demo's database (``<home>/qa.sqlite``, built by ``python -m qa_app demo``) is copied
into a temporary folder first, so the benchmark's logins, audit entries and the opened
review never change it; its recordings are read in place. In the copy, the two accounts no
longer have to change the demo password at first login.

Usage: python benchmarks/page_bench.py [--home data] [--repeat 5] [--language id]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from qa_app.auth.password_policy import DEMO_PASSWORD  # noqa: E402
from qa_app.i18n import t  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TARGET_SECONDS = 1.0
QUIET_MS = 600  # no change for this long: settled (charts draw within a frame or two)
MANAGER, QCO = "manager", "qco1"
RUNS = Path("runs.txt")  # the server's log of script runs (page_server.py), set by main()

# Installed in every document: the time of the last click and of the last change of the DOM,
# and whether Streamlit's running indicator shows.
RUNNING = '[data-testid="stStatusWidget"] [data-testid^="stStatusWidgetRunning"]'
WATCH_SCRIPT = """
window.__bench = {click: 0, last: 0, running: false};
document.addEventListener('mousedown', () => { window.__bench.click = performance.now(); },
                          true);
document.addEventListener('DOMContentLoaded', () => {
  new MutationObserver(() => {
    window.__bench.last = performance.now();
    window.__bench.running = !!document.querySelector('%s');
  }).observe(document.body, {subtree: true, childList: true, attributes: true,
                             characterData: true});
});
""" % RUNNING
# Settled: something changed since the click, the run is over, the heading is shown, every
# chart has drawn, and the page has been quiet for QUIET_MS.
SETTLED = """
([heading, quiet]) => {
  const b = window.__bench;
  if (!b || b.last <= b.click) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (b.running) return false;
  const headings = [...document.querySelectorAll('h1')].map(h => h.innerText.trim());
  if (!headings.includes(heading)) return false;
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  if (charts.some(c => !c.querySelector('canvas, svg'))) return false;
  return performance.now() - b.last > quiet;
}
"""


@dataclass(frozen=True)
class Visit:
    """One click: seconds to the settled page, and the wall and CPU seconds of the server's
    script runs that started after the click (``page_server.py``)."""

    settled: float
    server: float
    cpu: float


@dataclass
class Timings:
    """The cold visit and the warm ones of one page."""

    cold: Visit | None = None
    warm: list[Visit] = field(default_factory=list)

    def add(self, visit: Visit) -> None:
        if self.cold is None:
            self.cold = visit
        else:
            self.warm.append(visit)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def copy_demo(home: Path, into: Path) -> None:
    """The demo database, copied consistently (SQLite's backup, WAL included), with the
    benchmark's two accounts past their first-login password change."""
    source = home / "qa.sqlite"
    if not source.exists():
        sys.exit(f"{source} not found: build the demo first "
                 "(python -m qa_app db upgrade && python -m qa_app demo --if-empty)")
    with sqlite3.connect(source) as original, sqlite3.connect(into / "qa.sqlite") as copy:
        original.backup(copy)
        copy.execute("UPDATE user_account SET must_change_password = 0 "
                     "WHERE username IN (?, ?)", (MANAGER, QCO))


@contextmanager
def served(home: Path, recordings: Path, runs: Path) -> Iterator[str]:
    """``streamlit run qa_app/web/server.py`` on ``home``, as the end-to-end tests start it,
    but through ``page_server.py``, which logs each script run to ``runs``."""
    port = free_port()
    env = {**os.environ, "QA_HOME": str(home), "QA_DATA_DIR": str(recordings),
           "PAGE_BENCH_RUNS": str(runs)}
    env.pop("QA_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, str(PROJECT / "benchmarks" / "page_server.py"),
         "qa_app/web/server.py", "--server.port",
         str(port), "--server.headless", "true", "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        env=env, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                sys.exit(f"the server exited with {process.returncode}")
            try:
                with urllib.request.urlopen(  # noqa: S310  (the local server just started)
                        f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit("the server did not answer within 90 s")
                time.sleep(0.3)
        yield f"http://localhost:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def settle(page, heading: str) -> float:  # noqa: ANN001  (a Playwright page)
    """Seconds from the last click to the page's last change, once settled."""
    page.wait_for_function(SETTLED, arg=[heading, QUIET_MS], timeout=120_000, polling=50)
    return float(page.evaluate("(window.__bench.last - window.__bench.click) / 1000"))


def timed(page, click: Callable[[], None], heading: str) -> Visit:  # noqa: ANN001
    clicked = time.monotonic()
    click()
    settled = settle(page, heading)
    runs = [tuple(map(float, line.split())) for line in RUNS.read_text().splitlines()]
    after = [(wall, cpu) for start, wall, cpu in runs if start >= clicked]
    return Visit(settled, sum(wall for wall, _ in after), sum(cpu for _, cpu in after))


def signed_in(browser, url: str, username: str, language: str):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.add_init_script(WATCH_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.get_by_label(t("access.login.username", language)).fill(username)
    page.get_by_label(t("access.login.password", language), exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=t("access.login.sign_in", language)).click()
    settle(page, t("ui.nav.home", language))
    return page


def link(page, name: str) -> Callable[[], None]:  # noqa: ANN001
    return lambda: page.get_by_role("link", name=name, exact=True).click()


def bench_manager(page, repeat: int, language: str) -> dict[str, Timings]:  # noqa: ANN001
    """The three report pages round and round; then the overview's month, back and forth."""
    reports = {key: t(f"reports.nav.{key}", language) for key in ("overview", "team",
                                                                    "scorecard")}
    headings = {key: t(f"reports.{key}.title", language) for key in reports}
    found = {key: Timings() for key in (*reports, "month_switch")}
    for _ in range(repeat + 1):
        for key, name in reports.items():
            found[key].add(timed(page, link(page, name), headings[key]))
    timed(page, link(page, reports["overview"]), headings["overview"])
    month_box = page.get_by_role("combobox", name=t("reports.month", language))
    month_box.click()
    months = [name.strip() for name in page.get_by_role("option").all_inner_texts()]
    page.keyboard.press("Escape")
    shown = month_box.input_value()
    back_and_forth = [next(month for month in months if month != shown), shown]
    for round_number in range(repeat + 1):  # the other month once (cold), then warm
        month = back_and_forth[round_number % 2]
        month_box.click()
        found["month_switch"].add(timed(
            page, lambda month=month: page.get_by_role("option", name=month,
                                                       exact=True).click(),
            headings["overview"]))
    return found


def bench_review(page, repeat: int, language: str) -> Timings:  # noqa: ANN001
    """Open the first sample of the queue, then back to the queue and the review, repeatedly."""
    queue, review = t("review.nav.queue", language), t("review.nav.review", language)
    found = Timings()
    timed(page, link(page, queue), queue)
    found.add(timed(page, lambda: page.get_by_role(
        "button", name=t("review.queue.open", language)).click(), review))
    for _ in range(repeat):
        timed(page, link(page, queue), queue)
        found.add(timed(page, link(page, review), review))
    return found


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def report(found: dict[str, Timings], before: str, after: str) -> None:
    def median(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")

    print(f"\nload average (1, 5, 15 min) before: {before}, after: {after}; "
          f"{os.cpu_count()} CPUs")
    print("settled: click to the page's last change in the browser; server: the script runs "
          "the click started, wall and CPU seconds (medians of the warm visits)")
    print(f"{'page':<14}{'cold s':>8}{'warm median s':>15}{'warm min–max s':>16}"
          f"{'server s':>10}{'server CPU s':>14}{'target s':>10}  met")
    for key, timings in found.items():
        settled = [visit.settled for visit in timings.warm]
        spread = f"{min(settled):.2f}–{max(settled):.2f}" if settled else "–"
        cold = timings.cold.settled if timings.cold else float("nan")
        print(f"{key:<14}{cold:>8.2f}{median(settled):>15.2f}{spread:>16}"
              f"{median([visit.server for visit in timings.warm]):>10.2f}"
              f"{median([visit.cpu for visit in timings.warm]):>14.2f}{TARGET_SECONDS:>10.1f}"
              f"  {'yes' if median(settled) <= TARGET_SECONDS else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, default=PROJECT / "data",
                        help="the QA_HOME holding the demo (default: data/ of the project)")
    parser.add_argument("--repeat", type=int, default=5, help="warm visits per page")
    parser.add_argument("--language", default="id", choices=("id", "en"))
    arguments = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    before = load()
    with tempfile.TemporaryDirectory(prefix="page-bench-") as folder:
        home = Path(folder)
        copy_demo(arguments.home.resolve(), home)
        global RUNS
        RUNS = home / "runs.txt"
        RUNS.touch()
        with served(home, arguments.home.resolve() / "recordings", RUNS) as url, \
                sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=["--no-sandbox"])
            found = bench_manager(signed_in(browser, url, MANAGER, arguments.language),
                                  arguments.repeat, arguments.language)
            found["review"] = bench_review(signed_in(browser, url, QCO, arguments.language),
                                           arguments.repeat, arguments.language)
            browser.close()
    report(found, before, load())


if __name__ == "__main__":
    main()
