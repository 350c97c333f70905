"""The report pages' cache (web/report_cache): a write through the services by another session
shows at the next rerun, while the cache serves everything else; readers of different scope
never share an entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import Engine, update
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.auth import accounts
from qa_app.auth.principal import Principal
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import CsiResponse
from qa_app.db.session import session_scope
from qa_app.i18n import t
from qa_app.ingest.service import ImportReport
from qa_app.web import report_cache

ImportBytes = Callable[[str, str, bytes], ImportReport]
# one more answer of 1 on PGD001's case in November: the month's CSI index falls
ANOTHER_ANSWER = b"ID Survei,ID Kasus,Nilai,Waktu Jawab\nSV-9,CASE-1,1,03/11/2026 10:00:00\n"


def _principal(engine: Engine, user_id: int) -> Principal:
    with session_scope(engine) as session:
        return accounts.principal_of(session, session.get_one(UserAccount, user_id), None)


def _csi_metric(page: AppTest) -> str:
    return {m.label: m.value for m in page.metric}[t("reports.metric.csi", "id")]


def test_a_write_by_another_session_shows_at_the_next_rerun(
        app: AppTest, login: Callable[..., AppTest], graded: dict[str, int], engine: Engine,
        import_bytes: ImportBytes) -> None:
    login(app, "manager")
    app.run()
    app.switch_page("../pages/manager_overview.py").run()
    page = app.selectbox(key="reports_overview_month").set_value("2026-11").run()
    before = _csi_metric(page)

    # a change that goes around the write services raises no generation: the cache serves
    # the page as it was (until its time-to-live runs out)
    with Session(engine) as session, session.begin():
        session.execute(update(CsiResponse).where(CsiResponse.response_key == "R1")
                        .values(score=1))
    assert _csi_metric(app.run()) == before

    # the import service, in its own session, raises the generation: the next rerun reads anew
    assert import_bytes("csi", "csi.csv", ANOTHER_ANSWER).status == "completed"
    after = _csi_metric(app.run())
    assert after != before
    assert not app.exception


def test_two_team_leads_of_different_teams_never_share_an_entry(
        engine: Engine, graded: dict[str, int], make_user: Callable[..., int]) -> None:
    gadai = _principal(engine, make_user("lead_gadai", "team_lead", teams=("Tim Gadai",)))
    digital = _principal(engine, make_user("lead_digital", "team_lead", teams=("Tim Digital",)))
    months = ("2026-11",)
    first = report_cache.quality_view(gadai, months, "team")
    second = report_cache.quality_view(digital, months, "team")
    assert first.qm_month["team"].tolist() == ["Tim Gadai"]
    assert second.qm_month["team"].tolist() == ["Tim Digital"]
    agent = graded["PGD001"]  # of Tim Gadai: listed for its lead only
    assert len(report_cache.agent_evaluations(gadai, "2026-11", agent)) == 2
    assert report_cache.agent_evaluations(digital, "2026-11", agent).empty


def test_the_key_is_the_scope_not_the_person() -> None:
    manager = Principal(user_id=1, username="sri", display_name="Sri", role="manager",
                        client_address="10.0.0.1")
    other_manager = replace(manager, user_id=2, username="budi", client_address="10.0.0.2")
    qco = Principal(user_id=3, username="dewi", display_name="Dewi", role="qco")
    assert report_cache.scope_of(manager) == report_cache.scope_of(other_manager)
    # a QCO's rows are their own samples: the user id is part of the key
    assert report_cache.scope_of(qco) != report_cache.scope_of(replace(qco, user_id=4))
    lead = Principal(user_id=5, username="hendra", display_name="Hendra", role="team_lead",
                     team_ids=frozenset({2, 1}))
    assert report_cache.scope_of(lead) != report_cache.scope_of(
        replace(lead, team_ids=frozenset({1})))
    assert "hendra" not in repr(report_cache.scope_of(lead))
