"""The learned layer: per-item classifiers trained on finalized QCO answers, blended with rules.

Features: character n-grams (2–4, within word boundaries) with TF-IDF over the transcript,
each turn tagged with its speaker; character n-grams survive speech-recognition errors that
break whole words. One vectorizer is fitted on all texts; per item with enough finalized
answers (``min_examples``, both outcomes present) a logistic regression with sigmoid
calibration predicts P(yes). Answers: yes → 1, no / partial → 0; na and manual are not
training data. Manual-only items are never answered by a model.

Blending: p = w · P_model + (1 − w) · P_rule, where P_rule is the rule's confidence in "yes".
The model does not decide applicability (a rule's "na" stays), and never clears a fault the
rules found on a fatal item (``kept_faults``): a fatal "no" rests on what was said ("mohon
sebutkan kode OTP-nya"), which character n-grams over the whole call, trained mostly on
compliant calls, cannot outweigh. Training is plain data in, models out; storing examples and
models is the caller's business.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from qa_app.scoring.conversation import Conversation
from qa_app.scoring.rules import MANUAL, ItemResult
from qa_app.scoring.schema import Form

CALIBRATION_FOLDS = 3


@dataclass(frozen=True)
class TrainingExample:
    text: str  # transcript_text() of the interaction
    answers: dict[str, str]  # finalized answers, item id → yes/partial/no/na


@dataclass(frozen=True)
class TrainingConfig:
    min_examples: int = 50
    blend_weight: float = 0.5
    max_features: int = 50_000


def transcript_text(transcript: Conversation) -> str:
    return "\n".join(f"{turn.speaker or 'unknown'}: {turn.text}" for turn in transcript.turns)


@dataclass
class LearnedModels:
    version: str
    vectorizer: TfidfVectorizer
    classifiers: dict[str, CalibratedClassifierCV]
    blend_weight: float
    #: items whose rule "no" the blend keeps as it is (the fatal items; older stored models
    #: have none)
    kept_faults: frozenset[str] = frozenset()

    def probabilities(self, text: str) -> dict[str, float]:
        features = self.vectorizer.transform([text])
        return {item: float(model.predict_proba(features)[0, 1])
                for item, model in self.classifiers.items()}

    def blend(self, results: Sequence[ItemResult],
              transcript: Conversation) -> tuple[ItemResult, ...]:
        learned = self.probabilities(transcript_text(transcript))
        return tuple(r if r.id not in learned or (r.answer == "no" and r.id in self.kept_faults)
                     else _blended(r, learned[r.id], self.blend_weight) for r in results)


def _blended(rule: ItemResult, model_yes: float, weight: float) -> ItemResult:
    if rule.answer == "na":
        return rule
    if rule.answer == MANUAL:
        p_yes = model_yes
    else:
        rule_yes = rule.confidence if rule.answer == "yes" else 1.0 - rule.confidence
        p_yes = weight * model_yes + (1.0 - weight) * rule_yes
    if p_yes >= 0.5:
        answer = "yes"
    else:
        answer = rule.answer if rule.answer in ("no", "partial") else "no"
    return replace(rule, answer=answer, confidence=max(p_yes, 1.0 - p_yes))


def trainable_items(form: Form, examples: Sequence[TrainingExample],
                    config: TrainingConfig) -> dict[str, np.ndarray]:
    """Item id → indices of its labelled examples, for items with enough of both outcomes."""
    chosen = {}
    for item in form.items():
        if item.manual:
            continue
        rows = [i for i, e in enumerate(examples) if e.answers.get(item.id) in ("yes", "no",
                                                                                 "partial")]
        passed = sum(examples[i].answers[item.id] == "yes" for i in rows)
        if len(rows) >= config.min_examples and \
                min(passed, len(rows) - passed) >= CALIBRATION_FOLDS:
            chosen[item.id] = np.array(rows)
    return chosen


def train(form: Form, examples: Sequence[TrainingExample],
          config: TrainingConfig = TrainingConfig()) -> LearnedModels:
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True,
                                 min_df=2, max_features=config.max_features, dtype=np.float32)
    features = vectorizer.fit_transform([e.text for e in examples])
    classifiers = {}
    for item, rows in trainable_items(form, examples, config).items():
        labels = np.array([examples[i].answers[item] == "yes" for i in rows], dtype=int)
        model = CalibratedClassifierCV(LogisticRegression(C=4.0, max_iter=1000),
                                       method="sigmoid", cv=CALIBRATION_FOLDS)
        classifiers[item] = model.fit(features[rows], labels)
    return LearnedModels(_version(form, examples), vectorizer, classifiers, config.blend_weight,
                         frozenset(item.id for item in form.items() if item.fatal))


def _version(form: Form, examples: Sequence[TrainingExample]) -> str:
    """Same form and same training data → same version: a retrain that changed nothing
    keeps its name."""
    digest = hashlib.sha256(form.content_hash().encode())
    for example in examples:
        digest.update(example.text.encode("utf-8"))
        digest.update(repr(sorted(example.answers.items())).encode())
    return f"{form.id}-v{form.version}-n{len(examples)}-{digest.hexdigest()[:12]}"
