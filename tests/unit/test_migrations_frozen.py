"""Migrations are frozen: a released revision must upgrade the same way forever, so it may not
import application code that later changes (models, settings, helpers). Only the column
types of qa_app.db.types are allowed. (Alembic's versions folder is not a package, so the
import-linter contracts cannot see it; this test reads each file's imports instead.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

VERSIONS = Path(__file__).resolve().parents[2] / "qa_app" / "db" / "migrations" / "versions"
ALLOWED = {"qa_app.db.types"}


def _app_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return {name for name in found if name == "qa_app" or name.startswith("qa_app.")}


@pytest.mark.parametrize("path", sorted(VERSIONS.glob("*.py")), ids=lambda p: p.stem)
def test_a_migration_imports_nothing_of_the_app_but_column_types(path: Path) -> None:
    assert _app_imports(path) <= ALLOWED


def test_the_check_sees_an_application_import(tmp_path: Path) -> None:
    bad = tmp_path / "0099_bad.py"
    bad.write_text("from qa_app.reports.rollups.periods import month_of_week\n"
                   "import qa_app.db.types\n", encoding="utf-8")
    assert _app_imports(bad) == {"qa_app.reports.rollups.periods", "qa_app.db.types"}
