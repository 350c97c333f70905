"""The search page in AppTest: a QCO finds a phrase in a sampled call, sees it marked, plays
the recording from the turn's second and opens the review; an agent sees only their own
calls; the admin has no search page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.config import get_settings
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Agent, Team
from qa_app.services.search_index import reindex
from qa_app.web import login as ui_auth
from tests.factories.review_samples import stage_review_sample

PAGE = "../pages/search.py"


@pytest.fixture
def staged(engine: Engine, make_user: Callable[..., int]) -> dict[str, int]:
    """Two agents' calls (demo recordings, their scripts as transcripts), indexed; the
    first is a sample assigned to the QCO."""
    reviewer = make_user("dewi", "qco")
    with Session(engine) as session, session.begin():
        team = Team(name="Tim Gadai")
        sari = Agent(employee_id="PGD001", name="Sari Wulandari", hire_date=date(2025, 1, 6),
                     tier=1, team=team, row_hash=0)
        budi = Agent(employee_id="PGD002", name="Budi Santoso", hire_date=date(2025, 1, 6),
                     tier=1, team=team, row_hash=0)
        session.add_all([sari, budi])
        session.flush()
        sample = stage_review_sample(session, recording_id="OC-REC-002", source_id="OC-101",
                                     agent_id=sari.id, reviewer_id=reviewer,
                                     recordings_dir=get_settings().recordings_dir)
        stage_review_sample(session, recording_id="OC-REC-002", source_id="OC-102",
                            agent_id=budi.id, reviewer_id=reviewer,
                            recordings_dir=get_settings().recordings_dir)
        ids = {"sample": sample.id, "interaction": sample.interaction_id}
    reindex(engine)
    return ids


def search(app: AppTest, query: str) -> AppTest:
    app.switch_page(PAGE).run()
    app.text_input(key="search_query").input(query)
    return _submit(app)


def _submit(app: AppTest) -> AppTest:
    submit = next(b for b in app.button if b.label == "Cari")
    return submit.click().run()


def test_a_qco_finds_plays_from_the_second_and_opens_the_review(
        app: AppTest, engine: Engine, staged: dict[str, int]) -> None:
    app.session_state[ui_auth.USER_KEY] = _user(engine, "dewi")
    app.run()
    app = search(app, '"lewat aplikasi"')
    assert not app.exception
    turns = [m.value for m in app.markdown if "lewat" in m.value]
    assert len(turns) == 4  # two turns in each call, both calls assigned to the QCO
    assert ":orange-background[**lewat**] :orange-background[**aplikasi**]" in turns[0]
    play = next(b for b in app.button if b.label.startswith("▶"))
    assert play.label == "▶ 00:10"
    play.click().run()
    audio = app.get("audio")[0].proto
    assert audio.start_time == 10
    assert parse_qs(urlsplit(audio.url).query) == {"from": ["10.28"]}
    with Session(engine) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "search")).one()
    assert event.username == "dewi" and event.details["hits"] == 4
    opened = next(b for b in app.button if b.label == "Buka penilaian")
    opened.click().run()
    assert app.session_state["review_sample_id"] in {staged["sample"], staged["sample"] + 1}


def test_an_agent_finds_only_their_own_calls(app: AppTest, engine: Engine,
                                            staged: dict[str, int],
                                            make_user: Callable[..., int]) -> None:
    app.session_state[ui_auth.USER_KEY] = make_user("sari", "agent", employee_id="PGD001")
    app.run()
    app = search(app, "aplikasi")
    assert not app.exception
    captions = [c.value for c in app.caption if "OC-10" in c.value]
    assert captions and all("OC-101" in caption for caption in captions)
    assert not [b for b in app.button if b.label == "Buka penilaian"]


def test_an_empty_query_is_explained(app: AppTest, engine: Engine,
                                     staged: dict[str, int]) -> None:
    app.session_state[ui_auth.USER_KEY] = _user(engine, "dewi")
    app.run()
    app = search(app, "  ?! ")
    assert "tidak dapat dijalankan" in app.warning[0].value


def test_the_admin_has_no_search_page(app: AppTest, make_user: Callable[..., int]) -> None:
    app.session_state[ui_auth.USER_KEY] = make_user("root", "admin")
    app.run()
    with pytest.raises(ValueError, match="navigation page"):  # not in the admin's menu
        app.switch_page(PAGE)


def _user(engine: Engine, username: str) -> int:
    from tests.ui.conftest import user_id

    return user_id(engine, username)
