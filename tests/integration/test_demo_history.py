"""The demo's history of finalized evaluations, on a three-week demo dataset imported through
the real importers: weeks drawn by the real draw, every sample finalized as the review code
would leave it, scores from the rubric arithmetic, the same history for the same seed, and
reports that show it."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from qa_app.auth.accounts import find_user, principal_of
from qa_app.config import Settings
from qa_app.db import migrate
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Interaction, Team
from qa_app.db.review_models import Evaluation, EvaluationAnswer, EvaluationRevision
from qa_app.db.sampling_models import Sample, SampleDraw
from qa_app.db.session import build_engine
from qa_app.db.work_models import RubricVersion
from qa_app.demo.accounts import create_demo_accounts
from qa_app.demo.generator import (
    CSI_FILE,
    DEFAULT_SEED,
    INTERACTIONS_FILE,
    ROSTER_FILE,
    write_demo_exports,
)
from qa_app.demo.history import DEMO_COMMENT, build_history
from qa_app.demo.load import last_full_week, lend_recordings
from qa_app.ingest.mapping import load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.service import import_file
from qa_app.reports.queries.quality import load_quality, quality_view
from qa_app.reports.targets import load_targets
from qa_app.review import revisions, service
from qa_app.review.answers import ItemAnswer
from qa_app.sampling.service import run_draw
from qa_app.scoring.arithmetic import compute_score
from qa_app.scoring.schema import Form
from tests.factories.review_samples import stage_review_sample

JAKARTA = ZoneInfo("Asia/Jakarta")
SEED = 7
HISTORY_WEEKS = ["2026-W45", "2026-W46"]  # the demo ends on Sunday 2026-11-22 (W47)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file holding three demo weeks and the demo accounts, before history."""
    home = tmp_path_factory.mktemp("demo")
    write_demo_exports(home / "exports", seed=SEED, weeks=3)
    engine = build_engine(f"sqlite:///{home / 'base.sqlite'}")
    migrate.upgrade(engine)
    _import_demo(engine, home)
    engine.dispose()
    return home / "base.sqlite"


def _import_demo(engine: Engine, home: Path) -> None:
    """The exports written under ``home``, imported as ``load_demo`` does, and the accounts."""
    mapping = load_mapping("omni_channel", None)
    for kind, name in (("roster", ROSTER_FILE), ("interactions", INTERACTIONS_FILE),
                       ("csi", CSI_FILE)):
        path = home / "exports" / name
        assert import_file(engine, kind, TableSource.from_path(path), mapping, "demo").status \
            == "completed"
    with Session(engine) as session, session.begin():
        lend_recordings(session, ["demo/OC-REC-001.wav"])
        create_demo_accounts(session, Settings(home=home))


def _with_history(base: Path, target: Path, seed: int = SEED) -> Engine:
    """A copy of the imported database, with the history of ``seed`` and the last week drawn."""
    shutil.copyfile(base, target)
    engine = build_engine(f"sqlite:///{target}")
    with Session(engine) as session, session.begin():
        build_history(session, JAKARTA, seed)
        week = last_full_week(session, JAKARTA)
        assert week is not None
        run_draw(session, week, by="demo", seed=DEFAULT_SEED)
    return engine


@pytest.fixture(scope="module")
def history(imported: Path) -> Engine:
    return _with_history(imported, imported.parent / "history.sqlite")


def _fingerprint(engine: Engine) -> list[tuple[object, ...]]:
    with Session(engine) as session:
        return sorted(tuple(row) for row in session.execute(
            select(Interaction.source_id, Evaluation.score, Evaluation.finalized_at,
                   EvaluationAnswer.item_id, EvaluationAnswer.answer)
            .join(Evaluation, Evaluation.interaction_id == Interaction.id)
            .join(EvaluationAnswer, EvaluationAnswer.evaluation_id == Evaluation.id)))


def test_every_history_sample_is_finalized_and_nothing_else(history: Engine) -> None:
    with Session(history) as session:
        drawn = dict(session.execute(select(SampleDraw.week, SampleDraw.created_by)).all())
        assert drawn == {"2026-W45": "demo", "2026-W46": "demo", "2026-W47": "demo"}
        samples = session.execute(select(Sample.id, Sample.week, Sample.kind, Sample.status,
                                         Sample.reviewer_id, Evaluation.reviewer_id)
                                  .outerjoin(Evaluation, Evaluation.sample_id == Sample.id)).all()
        history_rows = [row for row in samples if row.week in HISTORY_WEEKS]
        assert {row.kind for row in history_rows} == {"random", "targeted"}
        assert all(row.status == "final" and row[5] == row.reviewer_id for row in history_rows)
        assert all(row.status == "waiting" and row[5] is None for row in samples
                   if row.week == "2026-W47")
        evaluations = session.scalars(select(Evaluation)).all()
        assert len(evaluations) == len(history_rows)
        assert {e.overall_comment for e in evaluations} == {DEMO_COMMENT}
        for evaluation in evaluations:
            review_monday = datetime.fromisocalendar(2026, int(evaluation.week[-2:]) + 1, 1)
            start = review_monday.replace(tzinfo=JAKARTA)
            assert start < evaluation.opened_at < evaluation.finalized_at < start + timedelta(7)
            assert evaluation.seconds_spent == pytest.approx(
                (evaluation.finalized_at - evaluation.opened_at).total_seconds())


def test_scores_are_the_rubric_arithmetic_of_the_stored_answers(history: Engine) -> None:
    with Session(history) as session:
        forms = {row.id: Form.model_validate(row.document)
                 for row in session.scalars(select(RubricVersion))}
        answers: dict[int, dict[str, str]] = {}
        for evaluation_id, item_id, answer in session.execute(select(
                EvaluationAnswer.evaluation_id, EvaluationAnswer.item_id, EvaluationAnswer.answer)):
            answers.setdefault(evaluation_id, {})[item_id] = answer
        evaluations = session.scalars(select(Evaluation)).all()
        scores = set()
        for evaluation in evaluations:
            form = forms[evaluation.rubric_version_id]
            assert set(answers[evaluation.id]) == {item.id for item in form.items()}
            expected = compute_score(form, answers[evaluation.id])
            assert (evaluation.score, evaluation.fatal) == (expected.score, expected.fatal)
            scores.add(evaluation.score)
        assert len(scores) > 10 and min(scores) < 90  # a spread, not everyone perfect
        assert {form.id for form in forms.values()} >= {"voice_inbound", "chat"}


def test_answers_the_interaction_data_decides_follow_it(history: Engine) -> None:
    """No hold on the call: the hold items are N/A; R1 is the first response within 300 s."""
    with Session(history) as session:
        rows = session.execute(
            select(Interaction.channel, Interaction.hold_seconds,
                   Interaction.first_response_seconds, EvaluationAnswer.item_id,
                   EvaluationAnswer.answer)
            .join(Evaluation, Evaluation.interaction_id == Interaction.id)
            .join(EvaluationAnswer, EvaluationAnswer.evaluation_id == Evaluation.id)
            .where(EvaluationAnswer.item_id.in_(["H1", "H2", "H3", "R1"]))).all()
    holds = [answer for channel, hold, _, item, answer in rows
             if channel == "voice" and not hold and item.startswith("H")]
    first_responses = [(first <= 300, answer) for _, _, first, item, answer in rows
                       if item == "R1"]
    assert holds and set(holds) == {"na"}
    assert {True, False} <= {fast for fast, _ in first_responses}
    assert all(answer == ("yes" if fast else "no") for fast, answer in first_responses)


def test_rows_are_those_the_review_workflow_leaves(imported: Path, tmp_path: Path) -> None:
    """A sample finalized through qa_app.review beside one from the history: same shape."""
    engine = _with_history(imported, tmp_path / "workflow.sqlite")
    with Session(engine) as session, session.begin():
        qco = principal_of(session, find_user(session, "qco1"))
        agent_id = session.scalar(select(Sample.agent_id).limit(1))
        sample = stage_review_sample(session, recording_id="OC-REC-002", source_id="OC-REAL-1",
                                     agent_id=agent_id, reviewer_id=qco.user_id,
                                     recordings_dir=tmp_path, week="2026-W40")
        now = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
        screen = service.open_review(session, qco, sample.id, now)
        answers = {item.id: ItemAnswer("yes", reason="didengar ulang")
                   for item in screen.form.items()}
        real = revisions.finalize(session, qco, screen.evaluation_id, screen.version,
                                  revisions.Submission(answers, DEMO_COMMENT), now=now,
                                  sitting_started_at=now - timedelta(minutes=5))
        generated = session.scalars(select(Evaluation).where(
            Evaluation.reviewer_id == qco.user_id, Evaluation.id != real.id).limit(1)).one()

        def shape(evaluation: Evaluation) -> tuple[object, ...]:
            rows = session.scalars(select(EvaluationRevision).where(
                EvaluationRevision.evaluation_id == evaluation.id)).all()
            events = session.scalars(select(AuditEvent).where(
                AuditEvent.target_kind == "evaluation",
                AuditEvent.target_id == str(evaluation.id))).all()
            return (evaluation.status, evaluation.version, evaluation.revision,
                    evaluation.updated_by, evaluation.pending_weight,
                    evaluation.updated_at == evaluation.finalized_at,
                    session.get_one(Sample, evaluation.sample_id).status,
                    [(r.number, r.kind, r.by_username, r.at == evaluation.finalized_at,
                      sorted(r.answers) == sorted(a.item_id for a in session.scalars(
                          select(EvaluationAnswer).where(
                              EvaluationAnswer.evaluation_id == evaluation.id))))
                     for r in rows],
                    [(e.action, e.username, sorted(e.details)) for e in events])

        assert shape(generated) == shape(real)


def test_same_seed_same_history_other_seed_other_history(imported: Path,
                                                         history: Engine) -> None:
    again = _with_history(imported, imported.parent / "again.sqlite")
    other = _with_history(imported, imported.parent / "other.sqlite", seed=SEED + 1)
    assert _fingerprint(again) == _fingerprint(history)
    assert _fingerprint(other) != _fingerprint(history)


def test_report_rollups_show_qm_for_every_team(history: Engine) -> None:
    targets = load_targets()
    with Session(history) as session:
        manager = principal_of(session, find_user(session, "manager"))
        data = load_quality(session, manager, ("2026-11",), JAKARTA, targets)
        teams = set(session.scalars(select(Team.name)))
        fatal = session.scalar(select(func.count()).select_from(Evaluation)
                               .where(Evaluation.fatal.is_(True)))
    view = quality_view(data, "team", 95.0, targets)
    month = view.qm_month.set_index("team")
    assert set(month.index) == teams
    assert month["qm"].notna().all() and (month["evaluations"] > 0).all()
    weeks = view.qm_week.groupby("week")["evaluations"].sum()
    assert sorted(weeks[weeks > 0].index) == HISTORY_WEEKS  # the last week is drawn, not done
    assert not view.targeted.empty and not view.pareto.empty
    assert int(view.fatal["fatal"].sum()) == fatal


@pytest.mark.postgres
def test_postgresql_gets_the_same_history(imported: Path, history: Engine,
                                          postgres_engine: Engine) -> None:
    _import_demo(postgres_engine, imported.parent)
    with Session(postgres_engine) as session, session.begin():
        build_history(session, JAKARTA, SEED)
    assert _fingerprint(postgres_engine) == _fingerprint(history)


def test_history_tallies_equal_a_rebuild(history: Engine) -> None:
    """The tallies the bulk writer keeps are those counted afresh from the answers."""
    from qa_app.db.summary_models import ItemTally
    from qa_app.reports.summaries import item_tallies as tallies

    def rows(session: Session) -> list[tuple[object, ...]]:
        return sorted(tuple(row) for row in session.execute(select(
            ItemTally.agent_id, ItemTally.month, ItemTally.rubric_version_id, ItemTally.item_id,
            ItemTally.applicable, ItemTally.no, ItemTally.partial)))

    with Session(history) as session:
        kept = rows(session)
        tallies.rebuild(session)
        assert rows(session) == kept and sum(row[4] for row in kept) > 100
        session.rollback()
