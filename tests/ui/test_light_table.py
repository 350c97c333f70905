"""A light table (the reports' read-only tables) shows what the grid showed, and no more:
cells escaped, formulas neutralized, personal columns masked, figures as they were rounded,
a missing cell as "—", and an empty table as its headers with one "—"."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.light_tables import light_tables


def _page() -> None:
    import pandas as pd

    from qa_app.web.table import light_table

    light_table(pd.DataFrame({
        "Agen": ["<b>Budi</b>", "=HYPERLINK(\"http://x\")", None],
        "Bukti": ["NIK saya 3201234567890123", "ok", "—"],
        "QM": [94.7, 100.0, None],
        "n": [3, 12, 0],
    }), personal=["Bukti"])
    light_table(pd.DataFrame({"Tim": [], "QM": []}))


def test_cells_are_escaped_guarded_masked_and_figures_kept() -> None:
    app = AppTest.from_function(_page, default_timeout=30).run()
    assert not app.exception
    filled, empty = light_tables(app)
    body = app.get("html")[0].proto.body
    assert "<b>Budi</b>" not in body and "&lt;b&gt;Budi&lt;/b&gt;" in body
    assert filled["Agen"].tolist() == ["<b>Budi</b>", "'=HYPERLINK(\"http://x\")", "—"]
    assert "3201234567890123" not in body
    assert filled["Bukti"].tolist()[1:] == ["ok", "—"]
    assert filled["QM"].tolist() == [94.7, 100, "—"]
    assert filled["n"].tolist() == [3, 12, 0]
    assert list(empty.columns) == ["Tim", "QM"] and empty.empty
    assert '<td colspan="2">—</td>' in app.get("html")[1].proto.body
