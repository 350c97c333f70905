"""How well the pre-scorer agrees with the QCOs: a snapshot over the latest finalized evaluations.

The machine's answers are those frozen on the evaluation when the reviewer opened it, so the
comparison is with exactly what the reviewer was shown. Per form, the latest ``window``
finalized evaluations that carry machine answers are compared (``scoring.accuracy``): per item
and for the whole form, over the window and per week of finalization (local time). The result
is stored as the one snapshot of ``prescore_accuracy_snapshot`` / ``_row`` for the page to show;
each refresh replaces it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from qa_app.db.accuracy_models import PrescoreAccuracyRow, PrescoreAccuracySnapshot
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.work_models import RubricVersion
from qa_app.scoring.accuracy import AccuracyReport, by_week, compare
from qa_app.scoring.schema import Form


@dataclass(frozen=True)
class Figures:
    evaluations: int
    compared: int  # items the QCOs answered
    answered: int  # of those, answered by the pre-scorer (not left "manual")
    agreement: float | None  # on the answered ones; None when it answered none
    kappa: float | None

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.compared if self.compared else None


@dataclass(frozen=True)
class ItemAccuracy:
    item_id: str
    text: str
    figures: Figures
    weeks: tuple[tuple[date, Figures], ...]


@dataclass(frozen=True)
class FormAccuracy:
    form_id: str
    title: str
    figures: Figures
    weeks: tuple[tuple[date, Figures], ...]
    items: tuple[ItemAccuracy, ...]


@dataclass(frozen=True)
class Snapshot:
    computed_at: datetime
    computed_by: str
    window: int
    evaluations: int
    first_finalized_at: datetime | None
    last_finalized_at: datetime | None
    forms: tuple[FormAccuracy, ...]


def _latest_cases(session: Session, form_id: str, window: int
                  ) -> list[tuple[datetime, dict[str, str], dict[str, str]]]:
    """The latest ``window`` finalized evaluations of the form with machine answers, oldest
    first, as (time finalized, human answers, machine answers)."""
    has_machine = exists().where(EvaluationAnswer.evaluation_id == Evaluation.id,
                                 EvaluationAnswer.machine_answer.is_not(None))
    latest = dict(session.execute(
        select(Evaluation.id, Evaluation.finalized_at)
        .join(RubricVersion, RubricVersion.id == Evaluation.rubric_version_id)
        .where(Evaluation.status == "final", Evaluation.finalized_at.is_not(None),
               RubricVersion.rubric_id == form_id, has_machine)
        .order_by(Evaluation.finalized_at.desc(), Evaluation.id.desc()).limit(window)).all())
    cases: dict[int, tuple[dict[str, str], dict[str, str]]] = {key: ({}, {}) for key in latest}
    for evaluation_id, item, human, machine in session.execute(
            select(EvaluationAnswer.evaluation_id, EvaluationAnswer.item_id,
                   EvaluationAnswer.answer, EvaluationAnswer.machine_answer)
            .where(EvaluationAnswer.evaluation_id.in_(list(latest)),
                   EvaluationAnswer.answer.is_not(None),
                   EvaluationAnswer.machine_answer.is_not(None))):
        cases[evaluation_id][0][item] = str(human)
        cases[evaluation_id][1][item] = str(machine)
    return [(latest[key], *cases[key])
            for key in sorted(latest, key=lambda key: (latest[key], key)) if cases[key][0]]


def _rows(form: Form, report: AccuracyReport, evaluations: int, week: date | None
          ) -> list[PrescoreAccuracyRow]:
    def row(item: str | None, evaluations: int, compared: int, answered: int, agreement: float,
            kappa: float) -> PrescoreAccuracyRow:
        return PrescoreAccuracyRow(
            form_id=form.id, item_id=item, week=week, evaluations=evaluations,
            compared=compared, answered=answered, agreement=agreement if answered else None,
            kappa=kappa if answered else None)

    return [row(None, evaluations, report.compared, report.answered, report.agreement,
                report.kappa),
            *(row(item.item, item.compared, item.compared, item.answered, item.agreement,
                  item.kappa) for item in report.items)]


def refresh(session: Session, forms: Sequence[Form], window: int, tz: ZoneInfo,
            computed_by: str, now: datetime) -> dict[str, AccuracyReport]:
    """Measure every form over its latest ``window`` evaluations, replace the stored snapshot,
    and return the whole-window report per form (forms without evaluations left out)."""
    reports: dict[str, AccuracyReport] = {}
    rows: list[PrescoreAccuracyRow] = []
    finalized: list[datetime] = []
    for form in forms:
        cases = _latest_cases(session, form.id, window)
        if not cases:
            continue
        reports[form.id] = compare(form, [(human, machine) for _, human, machine in cases])
        rows += _rows(form, reports[form.id], len(cases), None)
        dated = [(at.astimezone(tz).date(), human, machine) for at, human, machine in cases]
        for week, count, report in by_week(form, dated):
            rows += _rows(form, report, count, week)
        finalized += [at for at, _, _ in cases]
    session.execute(delete(PrescoreAccuracyRow))
    session.execute(delete(PrescoreAccuracySnapshot))
    snapshot = PrescoreAccuracySnapshot(
        computed_at=now, computed_by=computed_by, window=window, evaluations=len(finalized),
        first_finalized_at=min(finalized, default=None),
        last_finalized_at=max(finalized, default=None))
    session.add(snapshot)
    session.flush()
    for row in rows:
        row.snapshot_id = snapshot.id
    session.add_all(rows)
    return reports


def _figures(row: PrescoreAccuracyRow) -> Figures:
    return Figures(row.evaluations, row.compared, row.answered, row.agreement, row.kappa)


def _weeks(rows: list[PrescoreAccuracyRow]) -> tuple[tuple[date, Figures], ...]:
    return tuple(sorted((row.week, _figures(row)) for row in rows if row.week is not None))


def latest(session: Session, forms: Sequence[Form]) -> Snapshot | None:
    """The stored snapshot with the forms' titles and item texts, items in the form's order
    (an item or form no longer bundled keeps its id as its name), or None before the first."""
    snapshot = session.scalar(select(PrescoreAccuracySnapshot)
                              .order_by(PrescoreAccuracySnapshot.id.desc()).limit(1))
    if snapshot is None:
        return None
    grouped: dict[str, dict[str | None, list[PrescoreAccuracyRow]]] = {}
    for row in session.scalars(select(PrescoreAccuracyRow).where(
            PrescoreAccuracyRow.snapshot_id == snapshot.id)):
        grouped.setdefault(row.form_id, {}).setdefault(row.item_id, []).append(row)
    known = {form.id: form for form in forms}
    shown = []
    for form_id in sorted(grouped, key=lambda key: (key not in known, key)):
        form, by_item = known.get(form_id), grouped[form_id]
        texts = {item.id: item.text for item in form.items()} if form else {}
        order = [*(item for item in texts if item in by_item),
                 *sorted(item for item in by_item if item is not None and item not in texts)]
        whole = next(row for row in by_item[None] if row.week is None)
        shown.append(FormAccuracy(
            form_id, form.title if form else form_id, _figures(whole), _weeks(by_item[None]),
            tuple(ItemAccuracy(item, texts.get(item, item),
                               _figures(next(row for row in by_item[item] if row.week is None)),
                               _weeks(by_item[item])) for item in order)))
    return Snapshot(snapshot.computed_at, snapshot.computed_by, snapshot.window,
                    snapshot.evaluations, snapshot.first_finalized_at,
                    snapshot.last_finalized_at, tuple(shown))
