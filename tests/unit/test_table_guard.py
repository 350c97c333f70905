"""Every table goes through qa_app.web.table (show_table, or light_table for a report's
read-only table): formula cells neutralized, personal cells masked, and no toolbar download
anywhere in the app."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from qa_app.exports import guarded_frame

PROJECT = Path(__file__).resolve().parents[2]
UI_MODULES = [*sorted((PROJECT / "qa_app" / "pages").glob("*.py")),
              *sorted((PROJECT / "qa_app" / "web").glob("*.py"))]
RAW_TABLE_CALL = re.compile(r"\b(?:st|column|\w+_column|container)\s*\.\s*"
                            r"(?:dataframe|data_editor|table)\s*\(")


@pytest.mark.parametrize("module", UI_MODULES, ids=lambda path: path.name)
def test_no_page_shows_a_table_past_the_guard(module: Path) -> None:
    if module == PROJECT / "qa_app" / "web" / "table.py":
        return
    source = module.read_text(encoding="utf-8")
    assert not RAW_TABLE_CALL.search(source), \
        f"{module.name}: use qa_app.web.table.show_table or light_table"


def test_the_toolbar_download_is_switched_off_in_the_app_config() -> None:
    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_formula_cells_are_neutralized_and_personal_cells_masked() -> None:
    shown = guarded_frame(pd.DataFrame({
        "user": ['=HYPERLINK("http://x","y")', "+62", "@A1", "\tx", "\rx", "Budi"],
        "value": ["NIK 3201234567890123", "-1", "ok", "", None, "0812-3456-7890"],
        "count": [1, -2, 3, 4, 5, 6],
    }), personal=["value"])
    assert shown["user"].tolist() == ["'=HYPERLINK(\"http://x\",\"y\")", "'+62", "'@A1", "'\tx",
                                      "'\rx", "Budi"]
    assert shown["value"].tolist()[1:4] == ["'-1", "ok", ""] and pd.isna(shown["value"].iat[4])
    assert "3201234567890123" not in shown["value"].iat[0]
    assert "3456" not in shown["value"].iat[5]
    assert shown["count"].tolist() == [1, -2, 3, 4, 5, 6]


def test_rows_and_column_dicts_are_guarded_too() -> None:
    assert guarded_frame([{"a": "=1"}])["a"].tolist() == ["'=1"]
    assert guarded_frame({"a": ["@x"]})["a"].tolist() == ["'@x"]


def test_an_unknown_personal_column_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="not in the table"):
        guarded_frame(pd.DataFrame({"a": ["x"]}), personal=["b"])


@pytest.mark.parametrize(("role", "path", "expected"), [
    ("qco", "/audit_log", "audit"), ("agent", "users", "users"), ("qco", "import_data", "import"),
    ("admin", "audit_log", None), ("qco", "home", None), ("qco", "no-such-page", None),
])
def test_a_page_url_the_role_may_not_open_is_recognized(role: str, path: str,
                                                        expected: str | None) -> None:
    from qa_app.auth.navigation import forbidden_page

    page = forbidden_page(role, path)
    assert (page.key if page else None) == expected
