"""`python -m qa_app …`: everything a person or a scheduled job runs without the UI.

One module per command group; each has ``register(commands)``, which adds its parsers to
the sub-parser action with ``set_defaults(run=function_returning_exit_code)``. The commands
call the same service functions as the pages (qa_app.services), so the two cannot drift.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

COMMAND_MODULES: tuple[str, ...] = (
    "qa_app.cli.setup",
    "qa_app.cli.imports",
    "qa_app.cli.demo",
    "qa_app.cli.transcribe",
    "qa_app.cli.draw",
    "qa_app.cli.users",
    "qa_app.cli.purge",
    "qa_app.cli.prescore",
    "qa_app.cli.worker",
    "qa_app.cli.reports",
    "qa_app.cli.search",
    "qa_app.cli.categories",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qa_app", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))
