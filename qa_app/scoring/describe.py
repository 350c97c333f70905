"""Evidence and totals put into words for a person, in the reader's language.

The pre-scorer stores evidence as transcript words and/or a ``note`` with values (see
``conditions.Evidence``); this turns a note into a sentence from the catalogs
(``scoring.evidence.*``), with times as a clock ("hold 18 s at 00:36"), never a field name.
A total is shown with the share of weight still pending, so nobody reads 100 for a call that
is mostly unjudged.
"""

from __future__ import annotations

from collections.abc import Mapping

from qa_app.i18n import t


def clock(seconds: float) -> str:
    whole = int(round(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def describe_evidence(note: str | None, values: Mapping[str, object], text: str,
                      start: float, language: str) -> str:
    """One line for a person: the note in words (with the words heard, when any), else the
    words heard in guillemets."""
    quoted = f"«{text}»" if text else ""
    if not note:
        return quoted
    if note.startswith("metric."):
        name = note.removeprefix("metric.")
        value = float(values.get("value") or 0.0)  # type: ignore[arg-type]
        at = clock(float(values.get("at") or start))  # type: ignore[arg-type]
        key = f"scoring.evidence.{name}" if value or name == "first_agent_start" \
            else f"scoring.evidence.{name}_none"
        return t(key, language, value=f"{value:g}", at=at, seconds=values.get("seconds", ""))
    where = t(f"scoring.evidence.where.{values.get('where', 'agent_turns')}", language,
              seconds=f"{values.get('seconds', '')}")
    line = t("scoring.evidence.not_heard", language, what=values.get("what") or "-", where=where)
    return f"{line}: {quoted}" if quoted else line


def score_with_pending(score: float | None, pending_weight: float, language: str) -> str:
    """"87.5", or "100.0 (87% belum dinilai)" while weight is pending; "N/A" without a score."""
    shown = "N/A" if score is None else f"{score:.1f}"
    if pending_weight <= 0:
        return shown
    return t("scoring.pending_total", language, score=shown,
             share=f"{pending_weight * 100:.0f}%")
