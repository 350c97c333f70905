"""Beranda: what the database holds, the period covered and the latest imports."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from qa_app.ingest.service import ImportReport
from qa_app.reports.queries.database_overview import display_count

ImportBytes = Callable[[str, str, bytes], ImportReport]


@pytest.fixture
def app(app: AppTest, login: Callable[..., AppTest]) -> AppTest:
    """These pages as the QCO lead sees them: all the data, and the right to import."""
    return login(app, "qco_lead")


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_empty_database_shows_how_to_fill_it(app: AppTest) -> None:
    app.run()

    assert not app.exception
    assert app.title[0].value == "Beranda"
    assert "python -m qa_app demo" in app.info[0].value
    assert not app.metric
    assert app.caption[0].value == "Belum ada impor."


def test_counts_match_what_was_imported(app: AppTest, import_bytes: ImportBytes,
                                        roster_csv: bytes, interactions_csv: bytes) -> None:
    import_bytes("roster", "roster.csv", roster_csv)
    import_bytes("interactions", "interactions.csv", interactions_csv)

    app.run()

    assert not app.exception
    assert not app.info
    assert metrics(app) == {
        "Tim": "2",
        "Agent aktif / total": "2 / 3",
        "Interaksi": "3",
        "Jawaban survei CSI": "0",
        "Rekaman tertaut": "1",
    }
    assert "Periode data: 03/11/2026 08:15 – 04/11/2026 14:30 (Asia/Jakarta)" in \
        [caption.value for caption in app.caption]
    per_channel = app.dataframe[0].value
    assert dict(zip(per_channel["Kanal"], per_channel["Jumlah"], strict=True)) == {
        "Telepon": 2, "Live chat": 0, "WhatsApp": 1, "E-mail": 0, "Media sosial": 0,
    }
    imports = app.dataframe[1].value
    assert imports["Jenis"].tolist() == ["Interaksi", "Roster agent"]
    assert imports["File"].tolist() == ["interactions.csv", "roster.csv"]
    assert imports["Status"].tolist() == ["Selesai", "Selesai"]
    assert imports["Baru"].tolist() == [3, 3]
    assert imports["Ditolak"].tolist() == [0, 0]


def test_failed_import_says_why(app: AppTest, import_bytes: ImportBytes) -> None:
    import_bytes("interactions", "kosong.csv", b"")

    app.run()

    imports = app.dataframe[0].value
    assert imports["Status"].tolist() == ["Gagal"]
    assert imports["Keterangan"].tolist() == ["File kosong.csv kosong."]
    assert "python -m qa_app demo" in app.info[0].value


@pytest.mark.parametrize(("count", "language", "shown"), [
    (53996, "id", "53.996"), (53996, "en", "53,996"), (7, "id", "7"), (1234567, "id", "1.234.567"),
])
def test_counts_are_grouped_as_the_language_writes_them(count: int, language: str,
                                                        shown: str) -> None:
    assert display_count(count, language) == shown
