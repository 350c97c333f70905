"""Items belong to their form, on both databases: a chat and an outbound evaluation that both
fail P1 give two Pareto rows, two CSI rows and two failed items, each worded by its own form
(issue 17, point 4)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from qa_app.coaching import service as coaching
from qa_app.reports.queries.evaluation_rows import item_wording
from qa_app.reports.queries.quality import load_quality, quality_view
from qa_app.reports.targets import load_targets
from qa_app.review.rubric_versions import rubric_version_id
from qa_app.scoring.item_keys import ItemKey
from qa_app.scoring.loader import RUBRIC_DIR, load_form
from qa_app.web import report_tables as tables
from tests.factories import report_rows

CHAT_P1 = "Menggali kebutuhan dengan pertanyaan"
OUTBOUND_P1 = "Menggali kondisi dan kesanggupan nasabah dengan pertanyaan"
NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


@pytest.fixture
def two_forms(engine: Engine, world) -> object:  # noqa: ANN001
    """G1: a chat evaluation (OC-G1-0) and an outbound one (OC-G1-1), both failing P1; the
    outbound one also fails P1 in a second call (OC-G1-2), so the two forms differ in count."""
    qco = world.users["qco1"].user_id
    with Session(engine) as session, session.begin():
        chat = rubric_version_id(session, load_form(RUBRIC_DIR / "chat.yaml"))
        outbound = rubric_version_id(session, load_form(RUBRIC_DIR / "voice_outbound.yaml"))
        # stored last: were "the newest text wins" across forms, every P1 would read inbound
        rubric_version_id(session, load_form(RUBRIC_DIR / "voice_inbound.yaml"))
        for source, version in (("OC-G1-0", chat), ("OC-G1-1", outbound),
                                ("OC-G1-2", outbound)):
            report_rows.evaluation(session, world.interaction_ids[source], qco, version,
                                   "2026-W47", 92.0, {"P1": "no", "O1": "yes"})
    return world


@pytest.mark.parametrize("user", ["manager", "qco1"])  # summary tallies; QCO: the answers
def test_the_pareto_counts_each_form_apart_with_its_own_wording(
        engine: Engine, two_forms, user: str) -> None:  # noqa: ANN001
    principal = two_forms.users[user]
    targets = load_targets()
    with Session(engine) as session:
        data = load_quality(session, principal, ("2026-11",), ZoneInfo("Asia/Jakarta"),
                            targets, level="team")
        wording = item_wording(session)
    view = quality_view(data, "team", 95.0, targets)
    shown = tables.display(tables.with_item_texts(view.pareto, wording, "id"),
                           tables.PARETO_COLUMNS, "id")
    assert shown[["Formulir", "Butir", "Uraian butir", "Gagal"]].values.tolist() == [
        ["Panggilan keluar", "P1", OUTBOUND_P1, 2], ["Chat", "P1", CHAT_P1, 1]]
    by_item = view.csi_by_item.set_index(["form", "item_id"])
    assert by_item.loc[("chat", "P1"), "fail_n"] == 1
    assert by_item.loc[("voice_outbound", "P1"), "fail_n"] == 2
    assert by_item.loc[("voice_outbound", "O1"), "pass_n"] == 2


def test_failed_items_and_coaching_are_worded_and_followed_by_their_form(
        engine: Engine, two_forms) -> None:  # noqa: ANN001
    lead, g1 = two_forms.users["teamlead"], two_forms.agent_ids["G1"]
    with Session(engine) as session, session.begin():
        failed = coaching.failed_items(session, lead, g1)
        assert sorted((item.form, item.item_id, item.text) for item in failed) == [
            ("chat", "P1", CHAT_P1), ("voice_outbound", "P1", OUTBOUND_P1),
            ("voice_outbound", "P1", OUTBOUND_P1)]
        chat = next(item for item in failed if item.form == "chat")
        coaching.create_session(session, lead, g1, [(chat.evaluation_id, "P1")],
                                ["Gali kebutuhan nasabah"], date(2026, 12, 1), "", NOW)
    with Session(engine) as session:
        (shown,) = coaching.sessions_of(session, lead, g1)
    assert [(f.form, f.focus.item_id, f.text) for f in shown.focuses] == [
        ("chat", "P1", CHAT_P1)]
    (follow,) = shown.follow_ups
    # only the chat evaluation counts for the chat P1, not the two outbound ones
    assert follow.key == ItemKey("chat", "P1")
    assert (follow.before_applicable, follow.before_failed) == (1, 1)
