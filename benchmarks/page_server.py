"""``streamlit run`` with every script run timed, for ``page_bench.py``: each run appends
``<start> <wall> <cpu>`` (its start on the monotonic clock, its seconds, and the seconds of
CPU its thread used) to the file named by ``PAGE_BENCH_RUNS``. The app itself is unchanged.

Usage: PAGE_BENCH_RUNS=runs.txt python benchmarks/page_server.py qa_app/web/server.py [options]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

# the project's qa_app, not an installed one: ``python benchmarks/page_server.py`` puts only
# benchmarks/ first on the path, where ``python -m streamlit`` would put the working folder
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streamlit.runtime.scriptrunner import script_runner  # noqa: E402
from streamlit.web import cli  # noqa: E402

LOG = os.environ["PAGE_BENCH_RUNS"]
_run = script_runner.exec_func_with_error_handling


def _timed(func: Any, ctx: Any) -> Any:  # noqa: ANN401  (Streamlit's own types)
    start, cpu = time.monotonic(), time.thread_time()
    try:
        return _run(func, ctx)
    finally:
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"{start} {time.monotonic() - start} {time.thread_time() - cpu}\n")


script_runner.exec_func_with_error_handling = _timed
sys.argv = ["streamlit", "run", *sys.argv[1:]]
sys.exit(cli.main())
