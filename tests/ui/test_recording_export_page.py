"""The review screen's redacted-recording export in AppTest: offered to the QCO lead only,
downloadable once a reason and a recipient are typed, the file made and audited on download."""

from __future__ import annotations

import io
import wave
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.config import get_settings
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Agent, Team
from qa_app.db.session import session_scope
from qa_app.demo.transcripts import TRANSCRIPTS_DIR, masked_transcript
from qa_app.services.call_processing import store_transcript
from qa_app.web.login import USER_KEY
from tests.factories.review_samples import stage_review_sample

SOURCE_ID = "OC-201"
FILE_NAME = f"{SOURCE_ID}-redacted.wav"


def reviewing(app: AppTest, engine: Engine, make_user: Callable[..., int],
              role: str) -> AppTest:
    """``role``'s review screen of a sample of demo call OC-REC-006 with its real transcript."""
    reviewer = make_user("penilai", role)
    app.session_state[USER_KEY] = reviewer
    with session_scope(engine) as session:
        agent = Agent(employee_id="PGD001", name="Sari Wulandari", hire_date=date(2025, 1, 6),
                      tier=1, team=Team(name="Tim Gadai"), row_hash=0)
        session.add(agent)
        session.flush()
        sample = stage_review_sample(session, recording_id="OC-REC-006", source_id=SOURCE_ID,
                                     agent_id=agent.id, reviewer_id=reviewer,
                                     recordings_dir=get_settings().recordings_dir)
        store_transcript(session, sample.interaction_id, masked_transcript(
            TRANSCRIPTS_DIR / "OC-REC-006.json", keep_unmasked=False), "whisper-base (bundled)")
        app.session_state["review_sample_id"] = sample.id
    app.run()
    app.switch_page("../pages/review.py").run()
    assert not app.exception and app.title[0].value == "Penilaian"
    return app


def typed(app: AppTest, label: str):  # noqa: ANN201  (a text input)
    return next(field for field in app.text_input if field.label == label)


def test_the_qco_lead_types_a_reason_and_recipient_and_downloads_an_audited_redacted_file(
        app: AppTest, engine: Engine, make_user: Callable[..., int],
        downloads: dict[str, Callable[[], Any]]) -> None:
    reviewing(app, engine, make_user, "qco_lead")
    assert [e.label for e in app.expander if "rekaman" in e.label] == [
        "Ekspor rekaman tersamarkan"]
    button = app.get("download_button")[0]
    assert button.proto.disabled and "Isi alasan dan penerima" in str(
        [c.value for c in app.caption])

    typed(app, "Alasan ekspor").input("Berkas keluhan").run()
    typed(app, "Penerima").input("Auditor internal").run()

    assert not app.exception and not app.get("download_button")[0].proto.disabled
    with Session(engine) as session:  # nothing is made or logged before the download
        assert not session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    data = downloads[FILE_NAME]()
    with wave.open(io.BytesIO(data)) as file:
        assert (file.getnchannels(), file.getframerate()) == (2, 8000)
    with Session(engine) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert (event.username, event.target_id, event.details["reason"],
            event.details["recipient"]) == ("penilai", SOURCE_ID, "Berkas keluhan",
                                            "Auditor internal")
    assert event.details["spans"] >= 2


@pytest.mark.parametrize("role", ["qco"])
def test_a_role_that_may_not_export_sees_no_export(
        app: AppTest, engine: Engine, make_user: Callable[..., int], role: str) -> None:
    reviewing(app, engine, make_user, role)
    assert not [e for e in app.expander if "rekaman" in e.label]
    assert not app.get("download_button")
