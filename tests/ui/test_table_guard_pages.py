"""The table guard on real pages: formulas typed into the login form come out neutralized in
the audit log, rejected cells are masked on the import page, and the import is audited."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.db.auth_models import AuditEvent

FORMULA = '=HYPERLINK("http://x","y")'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PHONE_AS_AGENT = b"""ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai
OC-1,0812-3456-7890,Voice,Inbound,03/11/2026 08:15:00,03/11/2026 08:20:05
"""


def test_the_audit_log_shows_a_typed_formula_neutralized(app: AppTest,
                                                         login: Callable[..., AppTest]) -> None:
    app.run()
    app.text_input(key="login_username").set_value(FORMULA)
    app.text_input(key="login_password").set_value("salah-sandi-1")
    app.button[0].click().run()
    login(app, "admin")
    app.run()
    app.switch_page("../pages/audit_log.py").run()

    assert not app.exception
    table = app.dataframe[0].value
    assert "Login gagal" in set(table["Aktivitas"])
    cells = [cell for column in table.columns for cell in table[column] if isinstance(cell, str)]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert all(FORMULA not in cell or cell == "'" + FORMULA for cell in cells)


def test_rejected_cells_are_masked_on_the_import_page_and_the_import_audited(
        app: AppTest, engine: Engine, login: Callable[..., AppTest]) -> None:
    login(app, "qco_lead", username="lead")
    app.run()
    app.switch_page("../pages/import_data.py").run()
    app.selectbox(key="import_kind").set_value("interactions")
    app.file_uploader(key="import_file").set_value(("telepon.csv", PHONE_AS_AGENT, "text/csv"))
    app.run()
    app.button(key="import_start").click().run()

    assert not app.exception
    rejected = next(frame.value for frame in app.dataframe if "Alasan" in frame.value.columns)
    shown = " ".join(str(cell) for cell in rejected.to_numpy().ravel())
    assert "3456" not in shown and "[PHONE]" in shown
    with Session(engine) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).one()
    assert (event.username, event.details["file"], event.details["rejected"]) == (
        "lead", "telepon.csv", 1)
