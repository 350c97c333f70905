"""Finalized answers as training data for the learned pre-scorer (qa_app.scoring.learned).

Only final evaluations count, with their current answers (a correction replaces what it
corrected). The text is the masked transcript (voice) or the chat thread, in the shape
``transcript_text`` gives the learned layer at prediction time, so training and prediction
read the same thing. Interactions with no text (a voice call never transcribed) are skipped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.models import Interaction
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.work_models import RubricVersion, Transcript
from qa_app.scoring.conversation import (
    Conversation,
    from_chat_thread,
    from_transcribe_json,
)
from qa_app.scoring.learned import TrainingExample, transcript_text


@dataclass(frozen=True)
class TrainingRow:
    interaction_id: int
    rubric_id: str
    text: str
    turns: tuple[dict[str, Any], ...]  # {"speaker", "start", "end", "text"}
    item_id: str
    answer: str  # yes / partial / no / na


def _transcript(interaction: Interaction, document: dict[str, Any] | None
                ) -> Conversation | None:
    if interaction.channel == "voice":
        if document is None:
            return None
        return from_transcribe_json(document, "voice", interaction.direction)
    if not interaction.chat_messages:
        return None
    return from_chat_thread(interaction.chat_messages, interaction.channel)


def training_rows(session: Session, rubric_id: str | None = None) -> list[TrainingRow]:
    """One row per (finalized evaluation, answered item), in evaluation order."""
    query = (select(Evaluation, Interaction, Transcript.document, RubricVersion.rubric_id)
             .join(Interaction, Interaction.id == Evaluation.interaction_id)
             .join(RubricVersion, RubricVersion.id == Evaluation.rubric_version_id)
             .outerjoin(Transcript, Transcript.interaction_id == Evaluation.interaction_id)
             .where(Evaluation.status == "final").order_by(Evaluation.id))
    if rubric_id is not None:
        query = query.where(RubricVersion.rubric_id == rubric_id)
    found = session.execute(query).all()
    answers: dict[int, list[EvaluationAnswer]] = defaultdict(list)
    for row in session.scalars(select(EvaluationAnswer).where(
            EvaluationAnswer.evaluation_id.in_([e.id for e, *_ in found]),
            EvaluationAnswer.answer.is_not(None)).order_by(EvaluationAnswer.id)):
        answers[row.evaluation_id].append(row)
    rows = []
    for evaluation, interaction, document, form_id in found:
        transcript = _transcript(interaction, document)
        if transcript is None:
            continue
        text = transcript_text(transcript)
        turns = tuple({"speaker": t.speaker, "start": t.start, "end": t.end, "text": t.text}
                      for t in transcript.turns)
        rows.extend(TrainingRow(interaction.id, form_id, text, turns, answer.item_id,
                                str(answer.answer)) for answer in answers[evaluation.id])
    return rows


def training_examples(rows: list[TrainingRow]) -> list[TrainingExample]:
    """The rows grouped per interaction, as ``qa_app.scoring.learned.train`` takes them."""
    grouped: dict[int, tuple[str, dict[str, str]]] = {}
    for row in rows:
        grouped.setdefault(row.interaction_id, (row.text, {}))[1][row.item_id] = row.answer
    return [TrainingExample(text, answers) for text, answers in grouped.values()]
