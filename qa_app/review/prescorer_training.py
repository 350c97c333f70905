"""Training the learned pre-scorer from finalized evaluations, and loading what was trained.

Models are files under ``<QA_HOME>/models/prescore/``: one joblib file per form and training
(named by its version), and ``<form id>.latest`` naming the one in use. Pre-scores store the
version they used. Only this module writes those files, so loading them is loading our own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import joblib
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.review.training import training_examples, training_rows
from qa_app.scoring.learned import LearnedModels, TrainingConfig, train
from qa_app.scoring.schema import Form


@dataclass(frozen=True)
class TrainingOutcome:
    form_id: str
    examples: int
    items: tuple[str, ...]  # items that got a model
    version: str | None  # None when no item had enough finalized answers


def models_dir(settings: Settings) -> Path:
    return settings.home / "models" / "prescore"


def train_all(engine: Engine, settings: Settings, forms: tuple[Form, ...],
              config: TrainingConfig | None = None) -> list[TrainingOutcome]:
    """Train every form that has finalized answers; keep its models if any item qualified."""
    config = config or TrainingConfig(min_examples=settings.prescore_min_examples)
    folder = models_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for form in forms:
        with Session(engine) as session:
            examples = training_examples(training_rows(session, form.id))
        if not examples:
            outcomes.append(TrainingOutcome(form.id, 0, (), None))
            continue
        models = train(form, examples, config)
        if not models.classifiers:
            outcomes.append(TrainingOutcome(form.id, len(examples), (), None))
            continue
        target = folder / f"{models.version}.joblib"
        temporary = target.with_suffix(".tmp")
        joblib.dump(models, temporary)
        temporary.replace(target)
        (folder / f"{form.id}.latest").write_text(models.version, encoding="utf-8")
        outcomes.append(TrainingOutcome(form.id, len(examples), tuple(sorted(models.classifiers)),
                                        models.version))
    return outcomes


_loaded: dict[str, LearnedModels] = {}


def current_models(settings: Settings, form_id: str) -> LearnedModels | None:
    """The models in use for ``form_id`` (loaded once per version per process), or None."""
    pointer = models_dir(settings) / f"{form_id}.latest"
    if not pointer.is_file():
        return None
    version = pointer.read_text(encoding="utf-8").strip()
    if version not in _loaded:
        path = models_dir(settings) / f"{version}.joblib"
        if not path.is_file():
            return None
        _loaded[version] = joblib.load(path)
    return _loaded[version]
