"""Impor Data: the page's list of rejected rows masks personal values in the reasons too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamlit.testing.v1 import AppTest

IMPORT_PAGE = "../pages/import_data.py"  # relative to qa_app/web/app.py
PERSONAL_INTERACTIONS_CSV = b"""\
ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai,Durasi Bicara
OC-31,3201234567890001,Voice,Inbound,05/11/2026 08:15:00,05/11/2026 08:20:05,280
OC-32,+6281234567890,Voice,Inbound,05/11/2026 09:00:00,05/11/2026 09:05:00,200
OC-33,budi.santoso@gmail.com,Voice,Inbound,05/11/2026 09:00:00,05/11/2026 09:05:00,200
"""


def test_the_rejection_list_masks_the_value_in_its_cell_and_in_its_reason(
        app: AppTest, login: Callable[..., AppTest]) -> None:
    login(app, "qco_lead").run()
    app.switch_page(IMPORT_PAGE).run()
    app.selectbox(key="import_kind").set_value("interactions")
    app.file_uploader(key="import_file").set_value(
        ("interaksi.csv", PERSONAL_INTERACTIONS_CSV, "text/csv"))
    app.run()
    app.button(key="import_start").click().run()

    assert not app.exception
    rejected: Any = next(frame.value for frame in app.dataframe
                         if "Alasan" in frame.value.columns)
    assert rejected["Nilai"].tolist() == ["[NIK]", "[PHONE]", "[EMAIL]"]
    assert [reason.split(" tidak ada")[0] for reason in rejected["Alasan"]] == [
        "Agent '[NIK]'", "Agent '[PHONE]'", "Agent '[EMAIL]'"]
    shown = rejected.to_csv()
    for value in ("3201234567890001", "6281234567890", "budi.santoso@gmail.com"):
        assert value not in shown
