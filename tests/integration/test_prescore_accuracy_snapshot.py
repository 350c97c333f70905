"""The pre-score accuracy snapshot (issue 14, point 6): the latest N finalized evaluations per
form, per item and per week, stored; refreshed by the service and by the nightly duty."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from huey import MemoryHuey
from sqlalchemy import Engine, func, inspect, select, update
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db import migrate
from qa_app.db.accuracy_models import PrescoreAccuracyRow, PrescoreAccuracySnapshot
from qa_app.db.auth_models import AppSetting
from qa_app.db.review_models import Evaluation as EvaluationRow
from qa_app.db.review_models import EvaluationAnswer
from qa_app.queue.dispatch import TaskQueue
from qa_app.review.prescore_accuracy import latest, refresh
from qa_app.scoring.loader import bundled_forms
from qa_app.scoring.schema import Form
from qa_app.services import prescore_accuracy as service
from qa_app.worker import tasks
from tests.factories import report_rows
from tests.factories.report_rows import DEMO_FORM

FORM = Form.model_validate({**DEMO_FORM, "sections": [{**DEMO_FORM["sections"][0], "items": [
    {**item, "fatal_when": "agent meminta OTP"} if item.get("fatal") else item
    for item in DEMO_FORM["sections"][0]["items"]]}]})
JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
# (interaction, finalized at, human answers, machine answers); O1/V2/C2 of the demo form.
CASES = [
    ("OC-G1-0", datetime(2026, 11, 9, 3, 0, tzinfo=UTC),  # oldest: outside a window of 4
     {"O1": "no", "V2": "yes", "C2": "yes"}, {"O1": "yes", "V2": "yes", "C2": "yes"}),
    ("OC-G1-1", datetime(2026, 11, 16, 3, 0, tzinfo=UTC),
     {"O1": "yes", "V2": "yes", "C2": "yes"}, {"O1": "yes", "V2": "yes", "C2": "manual"}),
    # 22/11 17:30 UTC is Monday 23/11 00:30 in Jakarta: the trend's weeks are local
    ("OC-G1-2", datetime(2026, 11, 22, 17, 30, tzinfo=UTC),
     {"O1": "no", "V2": "yes", "C2": "no"}, {"O1": "yes", "V2": "yes", "C2": "no"}),
    ("OC-G2-0", datetime(2026, 11, 25, 3, 0, tzinfo=UTC),  # finalized with the next one
     {"O1": "no", "V2": "no", "C2": "yes"}, {"O1": "no", "V2": "no", "C2": "yes"}),
    ("OC-G2-1", datetime(2026, 11, 25, 3, 0, tzinfo=UTC),
     {"O1": "yes", "V2": "yes", "C2": "no"}, {"O1": "yes", "V2": "yes", "C2": "yes"}),
]


def stage(engine: Engine, world, rubric: dict = DEMO_FORM) -> None:  # noqa: ANN001
    """The CASES as finalized evaluations, a draft with machine answers and a finalized one
    without any (a chat the pre-scorer never saw): both left out."""
    qco = world.users["qco1"].user_id
    with Session(engine) as session, session.begin():
        version = report_rows.rubric_version(session, rubric)
        for source_id, finalized, human, machine in CASES:
            evaluation = report_rows.evaluation(session, world.interaction_ids[source_id], qco,
                                                version, "2026-W47", 80.0, human)
            session.execute(update(EvaluationRow).where(EvaluationRow.id == evaluation)
                            .values(finalized_at=finalized))
            for item, answer in machine.items():
                session.execute(update(EvaluationAnswer).where(
                    EvaluationAnswer.evaluation_id == evaluation,
                    EvaluationAnswer.item_id == item).values(machine_answer=answer))
        draft = report_rows.evaluation(session, world.interaction_ids["OC-D1-0"], qco, version,
                                       "2026-W47", 80.0, {"O1": "yes"}, status="draft")
        session.execute(update(EvaluationAnswer).where(EvaluationAnswer.evaluation_id == draft)
                        .values(machine_answer="no"))
        report_rows.evaluation(session, world.interaction_ids["OC-D1-1"], qco, version,
                               "2026-W47", 80.0, {"O1": "yes", "V2": "yes", "C2": "yes"})


def test_the_snapshot_measures_the_latest_finalized_evaluations(engine: Engine, world) -> None:  # noqa: ANN001
    stage(engine, world)
    with Session(engine) as session, session.begin():
        reports = refresh(session, [FORM], 4, JAKARTA, "qcolead", NOW)
    with Session(engine) as session:
        snapshot = latest(session, [FORM])

    assert reports["demo_form"].compared == 12  # 4 evaluations x 3 items
    assert snapshot is not None
    assert (snapshot.computed_by, snapshot.window, snapshot.evaluations) == ("qcolead", 4, 4)
    assert snapshot.computed_at == NOW
    assert snapshot.first_finalized_at == CASES[1][1]
    assert snapshot.last_finalized_at == CASES[4][1]
    [form] = snapshot.forms
    assert (form.form_id, form.title) == ("demo_form", "Demo")
    assert form.figures.evaluations == 4
    assert (form.figures.compared, form.figures.answered) == (12, 11)  # one C2 left manual
    assert form.figures.agreement == pytest.approx(9 / 11)
    items = {item.item_id: item for item in form.items}
    assert [item.item_id for item in form.items] == ["O1", "V2", "C2"]  # the form's order
    assert items["O1"].text == "Salam pembuka"
    o1 = items["O1"].figures
    assert (o1.evaluations, o1.answered, o1.agreement) == (4, 4, pytest.approx(3 / 4))
    assert o1.kappa == pytest.approx(0.5)  # human yes no no yes, machine yes yes no yes
    c2 = items["C2"].figures
    assert (c2.answered, c2.answered_share) == (3, pytest.approx(3 / 4))
    assert c2.agreement == pytest.approx(2 / 3)
    assert [week for week, _ in form.weeks] == [date(2026, 11, 16), date(2026, 11, 23)]
    assert [figures.evaluations for _, figures in form.weeks] == [1, 3]
    o1_weeks = dict(items["O1"].weeks)
    assert o1_weeks[date(2026, 11, 16)].agreement == pytest.approx(1.0)
    assert o1_weeks[date(2026, 11, 23)].agreement == pytest.approx(2 / 3)


def test_a_refresh_replaces_the_snapshot(engine: Engine, world) -> None:  # noqa: ANN001
    stage(engine, world)
    with Session(engine) as session, session.begin():
        refresh(session, [FORM], 2, JAKARTA, "qcolead", NOW)
    with Session(engine) as session, session.begin():
        refresh(session, [FORM], 200, JAKARTA, "manager", NOW + timedelta(hours=1))
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(PrescoreAccuracySnapshot)) == 1
        snapshot_ids = set(session.scalars(select(PrescoreAccuracyRow.snapshot_id)))
        snapshot = latest(session, [FORM])
    assert snapshot is not None
    assert len(snapshot_ids) == 1
    assert (snapshot.computed_by, snapshot.evaluations) == ("manager", 5)
    assert snapshot.forms[0].figures.agreement == pytest.approx(11 / 14)


def test_without_finalized_evaluations_the_snapshot_is_empty(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        refresh(session, [FORM], 200, JAKARTA, "qcolead", NOW)
    with Session(engine) as session:
        snapshot = latest(session, [FORM])
    assert snapshot is not None
    assert (snapshot.evaluations, snapshot.forms, snapshot.first_finalized_at) == (0, (), None)


def test_the_nightly_duty_refreshes_the_snapshot(engine: Engine, world,  # noqa: ANN001
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    inbound = next(form for form in bundled_forms() if form.id == "voice_inbound")
    stage(engine, world, {**DEMO_FORM, "id": inbound.id})
    monkeypatch.setattr(tasks, "get_engine", lambda: engine)
    monkeypatch.setattr(tasks, "train_all", lambda *_: [])  # the training is not measured here
    huey = MemoryHuey(immediate=True)
    tasks.install_periodic_tasks(TaskQueue(huey, None, None), Settings())
    [nightly] = [task for task in huey._registry.periodic_tasks
                 if task.name == "train_prescorer"]

    nightly.execute()

    current = service.snapshot(engine)
    assert current is not None
    assert (current.computed_by, current.evaluations) == (service.SCHEDULER, 5)
    assert [form.form_id for form in current.forms] == ["voice_inbound"]
    assert current.forms[0].title == inbound.title


def test_the_migration_adds_the_snapshot_and_drops_the_old_figures(engine: Engine) -> None:
    migrate.downgrade(engine, "0015_report_generation")
    assert "prescore_accuracy_snapshot" not in inspect(engine).get_table_names()
    with Session(engine) as session, session.begin():
        session.add(AppSetting(key="prescore_accuracy", value={"forms": {}}, updated_by="test",
                               updated_at=NOW))
    migrate.upgrade(engine)
    assert {"prescore_accuracy_snapshot", "prescore_accuracy_row"} <= set(
        inspect(engine).get_table_names())
    with Session(engine) as session:
        assert session.get(AppSetting, "prescore_accuracy") is None
