"""The message catalogs: both languages complete, and every code the importers emit covered."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from string import Formatter

import pytest

from qa_app.db.models import CHANNELS, IMPORT_KINDS
from qa_app.i18n import LANGUAGES, catalog

QA_APP = Path(__file__).resolve().parents[2] / "qa_app"
INGEST = QA_APP / "ingest"
CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")


def _code(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
        return node.value
    return None


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else None


def emitted_codes() -> tuple[set[str], set[str]]:
    """(row codes, file codes) written as literals in qa_app/ingest.

    Row codes: ``errors[mask] = "code"`` in the parsers, ``checked.flag(..., "code")`` in the
    importers and ``Rejection(reason="code")``. File codes: ``ImportFileError(name, "code")``
    and the import service's ``_record_failure(..., "code", ...)``.
    """
    rows: set[str] = set()
    files: set[str] = set()
    for path in sorted(INGEST.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and all(isinstance(target, ast.Subscript)
                                                    for target in node.targets):
                rows.add(_code(node.value) or "")
            elif isinstance(node, ast.Call):
                name = _called_name(node)
                if name == "flag" and node.args:
                    rows.add(_code(node.args[-1]) or "")
                elif name == "ImportFileError" and len(node.args) > 1:
                    files.add(_code(node.args[1]) or "")
                elif name == "_record_failure":
                    files.update(_code(arg) or "" for arg in node.args)
                rows.update(_code(k.value) or "" for k in node.keywords if k.arg == "reason")
    return rows - {""}, files - {""}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys() -> None:
    assert set(catalog("id")) == set(catalog("en"))


def test_the_code_scan_finds_the_importers_codes() -> None:
    rows, files = emitted_codes()
    assert {"missing_value", "unparseable_datetime", "negative_duration", "unknown_agent",
            "duplicate_id", "end_before_start", "unknown_interaction"} <= rows
    assert {"empty_file", "csv_syntax", "no_recognized_columns", "missing_columns",
            "unexpected_error"} <= files
    assert "wrong_field_count" in rows  # the reader's, for a row with too few or many cells


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_emitted_code_has_a_message(language: str) -> None:
    rows, files = emitted_codes()
    entries = catalog(language)
    assert sorted(code for code in rows if f"reject.{code}" not in entries) == []
    assert sorted(code for code in files if f"file_error.{code}" not in entries) == []


def test_placeholders_are_the_same_in_both_languages() -> None:
    indonesian, english = catalog("id"), catalog("en")
    differing = {key: (placeholders(indonesian[key]), placeholders(english[key]))
                 for key in indonesian
                 if placeholders(indonesian[key]) != placeholders(english.get(key, ""))}
    assert differing == {}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_ui_keys_used_in_the_code_exist(language: str) -> None:
    literal = {key for path in QA_APP.rglob("*.py")
               for key in re.findall(r"""t\(\s*["'](ui\.[\w.]+)["']""",
                                     path.read_text(encoding="utf-8"))}
    composed = ({f"ui.kind.{kind}" for kind in IMPORT_KINDS}
                | {f"ui.channel.{channel}" for channel in CHANNELS}
                | {f"ui.status.{status}" for status in ("completed", "failed")}
                | {f"ui.table.{column}" for column in (
                    "time", "kind", "file", "status", "inserted", "updated", "unchanged",
                    "rejected", "message", "line", "column", "value", "reason")})
    assert literal, "the scan found no ui keys"
    assert sorted((literal | composed) - set(catalog(language))) == []

