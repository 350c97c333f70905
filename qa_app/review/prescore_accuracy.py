"""How well the pre-scorer agrees with the QCOs: finalized answers against the machine's.

The machine's answers are those frozen on the evaluation when the reviewer opened it, so the
comparison is with exactly what the reviewer was shown. The latest result per form is kept in
``app_setting`` (key ``prescore_accuracy``) for the pages to show.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.auth_models import AppSetting
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.work_models import RubricVersion
from qa_app.scoring.accuracy import AccuracyReport, compare

SETTING_KEY = "prescore_accuracy"


def _cases(session: Session, form_id: str) -> list[tuple[dict[str, str], dict[str, str]]]:
    rows = session.execute(
        select(EvaluationAnswer.evaluation_id, EvaluationAnswer.item_id, EvaluationAnswer.answer,
               EvaluationAnswer.machine_answer)
        .join(Evaluation, Evaluation.id == EvaluationAnswer.evaluation_id)
        .join(RubricVersion, RubricVersion.id == Evaluation.rubric_version_id)
        .where(Evaluation.status == "final", RubricVersion.rubric_id == form_id,
               EvaluationAnswer.answer.is_not(None), EvaluationAnswer.machine_answer.is_not(None)))
    cases: dict[int, tuple[dict[str, str], dict[str, str]]] = defaultdict(lambda: ({}, {}))
    for evaluation_id, item, human, machine in rows:
        cases[evaluation_id][0][item] = str(human)
        cases[evaluation_id][1][item] = str(machine)
    return list(cases.values())


def evaluate_and_store(session: Session, forms: tuple[Any, ...]) -> dict[str, AccuracyReport]:
    """Compare per form, store the result, and return it (forms without evaluations skipped)."""
    reports = {}
    for form in forms:
        cases = _cases(session, form.id)
        if cases:
            reports[form.id] = compare(form, cases)
    stored = session.get(AppSetting, SETTING_KEY) or AppSetting(key=SETTING_KEY)
    stored.value = {"measured_at": datetime.now(UTC).isoformat(),
                    "forms": {form_id: {**asdict(report), "evaluations": len(_cases(session,
                                                                                  form_id))}
                              for form_id, report in reports.items()}}
    stored.updated_by, stored.updated_at = "prescore-eval", datetime.now(UTC)
    session.add(stored)
    return reports


def latest(session: Session) -> dict[str, Any] | None:
    stored = session.get(AppSetting, SETTING_KEY)
    return stored.value if stored is not None else None
