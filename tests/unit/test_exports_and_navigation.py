"""Formula neutralization in exports, and which pages each role is offered."""

from __future__ import annotations

import csv
import io

import pytest

from qa_app.auth.navigation import PAGES, may_open, pages_for
from qa_app.db.auth_models import ROLES
from qa_app.exports import csv_bytes, neutralize


@pytest.mark.parametrize(("cell", "written"), [
    ('=HYPERLINK("http://x")', """'=HYPERLINK("http://x")"""), ("+62812", "'+62812"),
    ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tcmd", "'\tcmd"), ("Budi", "Budi"),
    (95.5, 95.5), (-3, -3), (None, None),
])
def test_cells_that_would_run_as_formulas_are_neutralized(cell: object, written: object) -> None:
    assert neutralize(cell) == written


def test_csv_has_a_bom_and_neutralized_cells() -> None:
    data = csv_bytes(["nama", "catatan"], [["Sari", "=1+1"], ["Budi", None]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["nama", "catatan"], ["Sari", "'=1+1"], ["Budi", ""]]


@pytest.mark.parametrize(("role", "expected"), [
    ("admin", {"home", "import", "account", "users", "audit", "privacy"}),
    ("qco_lead", {"home", "import", "account"}),
    ("qco", {"home", "account"}),
    ("team_lead", {"home", "account"}),
    ("manager", {"home", "account"}),
    ("agent", {"home", "account"}),
])
def test_pages_offered_per_role(role: str, expected: set[str]) -> None:
    assert {page.key for page in pages_for(role)} >= expected
    assert {"users", "audit", "privacy"} & {page.key for page in pages_for(role)} == (
        {"users", "audit", "privacy"} if role == "admin" else set())


def test_every_page_names_only_known_roles_and_unknown_pages_are_closed() -> None:
    assert all(page.roles <= set(ROLES) for page in PAGES)
    assert not may_open("admin", "no-such-page")


def test_rejected_rows_are_exported_masked_unless_asked() -> None:
    from qa_app.ingest.report import rejections_csv
    from qa_app.ingest.validate import Rejection

    rejection = Rejection(line=7, column="Durasi Bicara", value="-5", reason="negative_duration",
                          params={},
                          raw_row={"ID Interaksi": "OC-7", "Catatan": "hp nasabah 0812 3456 7890"})
    masked = rejections_csv([rejection], "id").decode("utf-8-sig")
    plain = rejections_csv([rejection], "id", masked=False).decode("utf-8-sig")
    assert "0812 3456 7890" not in masked and "[PHONE]" in masked
    assert "OC-7" in masked and "'-5" in masked
    assert "0812 3456 7890" in plain
