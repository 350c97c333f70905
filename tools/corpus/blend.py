"""The rule engine blended with the learned layer, trained on the dev split only (issue 14,
point 2: targets "for the rule engine alone and for the blend with the learned layer").

The learned layer (``qa_app.scoring.learned``) learns from finalized QCO answers; on the
corpus, the dev split's ground truth stands in for them. It never sees a test call, so its
test figures are as honest as the rules'. Its dev figures are on its own training data and
are not for reporting.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa_app.scoring.conversation import Conversation
from qa_app.scoring.learned import (
    LearnedModels,
    TrainingConfig,
    TrainingExample,
    train,
    transcript_text,
)
from qa_app.scoring.prescore import PreScore, prescore
from qa_app.scoring.schema import Form
from tools.corpus.evaluate import CorpusCall, Scorer

TRAINING_SPLIT = "dev"
#: The dev split has 24 calls; the app's default (50 finalized answers per item) would train
#: nothing, so every item with at least this many labelled dev calls gets a model.
MIN_EXAMPLES = 10


def dev_models(form: Form, calls: Sequence[CorpusCall]) -> LearnedModels:
    """Per-item models trained on the dev calls' transcripts and ground-truth answers."""
    examples = [TrainingExample(transcript_text(call.transcript), dict(call.expected))
                for call in calls if call.split == TRAINING_SPLIT]
    if not examples:
        raise ValueError("the corpus has no dev calls to train the learned layer on")
    return train(form, examples, TrainingConfig(min_examples=MIN_EXAMPLES))


def blended_scorer(models: LearnedModels) -> Scorer:
    def score(form: Form, transcript: Conversation) -> PreScore:
        return prescore(form, transcript, models)
    return score
