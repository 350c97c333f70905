"""Items belong to their form, on screen: a chat and an outbound evaluation of one agent both
fail P1; the scorecard words each as its own form does, the coaching choices name the form,
and the overview's Pareto gives them two rows (issue 17, point 4)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.db.models import Agent
from qa_app.ingest.service import ImportReport
from tests.factories import report_rows
from tests.ui.test_reports_pages import _open, _table

CHAT_P1 = "Menggali kebutuhan dengan pertanyaan"
OUTBOUND_P1 = "Menggali kondisi dan kesanggupan nasabah dengan pertanyaan"


@pytest.fixture
def two_forms(engine: Engine, import_bytes: Callable[[str, str, bytes], ImportReport],
              roster_csv: bytes, make_user: Callable[..., int]) -> None:
    """PGD001: a chat (OC-CHAT) and an outbound call (OC-OUT), each failing P1 in 2026-W45;
    the inbound form is stored last, so a lookup by item id alone would word both P1 its way."""
    import_bytes("roster", "roster.csv", roster_csv)
    qco = make_user("qco1", "qco")
    with Session(engine) as session, session.begin():
        agent = session.scalars(select(Agent).where(Agent.employee_id == "PGD001")).one()
        report_rows.chat_and_outbound_failing_p1(session, agent.id, qco)


def test_the_scorecard_words_a_chat_evaluation_as_the_chat_form(
        app: AppTest, login: Callable[..., AppTest], two_forms: None) -> None:
    login(app, "team_lead", teams=("Tim Gadai",))
    app.query_params["agent"] = "PGD001"
    page = _open(app, "../pages/scorecard.py", "scorecard_month")
    assert not page.exception
    failed = _table(page, "Formulir", "Butir", "Uraian butir", "Bukti")
    assert sorted(failed[["Formulir", "Butir", "Uraian butir"]].values.tolist()) == [
        ["Chat", "P1", CHAT_P1], ["Panggilan keluar", "P1", OUTBOUND_P1]]
    focus = page.multiselect(key="coaching_focus")
    labels = focus.options  # as shown: the format_func applied
    assert any("Chat · P1" in label and CHAT_P1 in label for label in labels)
    assert any("Panggilan keluar · P1" in label and OUTBOUND_P1 in label for label in labels)
    assert not any("chat" in label or "voice_outbound" in label for label in labels)


def test_the_overview_pareto_counts_chat_p1_apart_from_outbound_p1(
        app: AppTest, login: Callable[..., AppTest], two_forms: None) -> None:
    login(app, "manager")
    page = _open(app, "../pages/manager_overview.py", "reports_overview_month")
    assert not page.exception
    pareto = _table(page, "Formulir", "Butir", "Tingkat gagal (%)")
    assert sorted(pareto[["Formulir", "Butir", "Uraian butir", "Gagal"]].values.tolist()) == [
        ["Chat", "P1", CHAT_P1, 1], ["Panggilan keluar", "P1", OUTBOUND_P1, 1]]
