"""Masking on what the bundled model really hears in the 12 demo calls.

qa_app/demo/recordings/transcripts/ holds the model's unmasked transcripts (see its README); the
scripts beside the recordings are the ground truth. Every date of birth, mother's maiden name
and number the customer says in the script must be gone from the masked transcript, however
the model mis-heard it ("tujuh belas agus tus, belapan puluh lima, si tingaminah").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from qa_app.transcribe.call_transcript import CallTranscript as Transcript
from qa_app.transcribe.engine import mask_turns
from qa_app.transcribe.heard import MONTHS, digits_in, heard
from qa_app.transcribe.redact import mask_text

PROJECT = Path(__file__).resolve().parents[2]
RECORDINGS = PROJECT / "qa_app/demo/recordings"
TRANSCRIPTS = RECORDINGS / "transcripts"
CALLS = sorted(path.stem for path in RECORDINGS.glob("OC-REC-*.json"))
#: A spoken value "survives" when this much of it (rapidfuzz partial_ratio) is in a
#: customer's turn, or (a date) when its month is; masked turns score 62 at most.
SURVIVES = 70
#: A number survives when this many of its digits, in a row, are in one turn.
DIGITS_IN_A_ROW = 3


@dataclass(frozen=True)
class Secret:
    kind: str  # "dob", "name" or "number"
    value: str  # as the script says it


def secrets_of(script: list[dict[str, str]]) -> list[Secret]:
    """From the ground truth: the answer to "tanggal lahir dan nama ibu kandung" (a date,
    then a name after the last comma), and every number of six digits or more a customer
    says (an SBG number, a phone number, an OTP)."""
    found: list[Secret] = []
    for before, utterance in zip(script, script[1:], strict=False):
        if utterance["speaker"] != "customer":
            continue
        text = utterance["text"]
        if before["speaker"] == "agent" and "tanggal lahir" in before["text"].lower():
            date, name = text.rstrip(".").rsplit(",", 1)
            found += [Secret("dob", date.strip()), Secret("name", name.strip())]
        elif len(digits_in(text)) >= 6:
            found.append(Secret("number", digits_in(text)))
    return found


def _normalized(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.lower()).strip()


def _longest_common_run(first: str, second: str) -> int:
    best = 0
    for start in range(len(first)):
        for end in range(start + best + 1, len(first) + 1):
            if first[start:end] not in second:
                break
            best = end - start
    return best


def survives(secret: Secret, transcript: Transcript) -> bool:
    if secret.kind == "number":
        return any(_longest_common_run(secret.value, digits_in(turn.text)) >= DIGITS_IN_A_ROW
                   for turn in transcript.turns)
    value = _normalized(secret.value)
    month = next((word for word in value.split() if word in MONTHS), None)
    for turn in transcript.turns:
        said = _normalized(heard(turn.text).text)  # mis-heard number words and months put right
        if turn.speaker != "agent" and (fuzz.partial_ratio(value, said) >= SURVIVES
                                        or (month is not None and month in said.split())):
            return True
    return False


def load(call: str) -> tuple[list[Secret], Transcript]:
    script = json.loads((RECORDINGS / f"{call}.json").read_text(encoding="utf-8"))["script"]
    as_heard = Transcript.from_json((TRANSCRIPTS / f"{call}.json").read_text(encoding="utf-8"))
    return secrets_of(script), as_heard


def masked(transcript: Transcript) -> Transcript:
    return Transcript(transcript.duration, transcript.speakers_separated,
                      tuple(mask_turns(list(transcript.turns))), transcript.metrics)


def test_every_demo_call_has_its_transcript_and_five_ask_for_birth_date_and_mother() -> None:
    assert len(CALLS) == 12
    assert [path.stem for path in sorted(TRANSCRIPTS.glob("OC-REC-*.json"))] == CALLS
    asking = [call for call in CALLS if any(s.kind == "dob" for s in load(call)[0])]
    assert asking == ["OC-REC-001", "OC-REC-006", "OC-REC-008", "OC-REC-009", "OC-REC-010"]


def test_the_unmasked_transcripts_do_carry_the_secrets() -> None:
    """The check below could fail: most secrets are there, mis-heard, before masking."""
    pairs = [(secret, as_heard) for secrets, as_heard in map(load, CALLS) for secret in secrets]
    lost = [secret for secret, as_heard in pairs if not survives(secret, as_heard)]
    assert len(pairs) == 14  # 5 dates of birth, 5 mothers' names, 2 SBG, a phone, an OTP
    assert lost == [Secret("dob", "Dua belas Juni sembilan puluh dua"),  # "2019 jenis umbilan"
                    Secret("name", "Ratna")]  # heard as "terima"


@pytest.mark.parametrize("call", CALLS)
def test_no_birth_date_mothers_name_or_number_survives_masking(call: str) -> None:
    secrets, as_heard = load(call)
    shown = masked(as_heard)
    assert [s for s in secrets if survives(s, shown)] == []
    words = Transcript(shown.duration, True, tuple(
        replace(turn, text=" ".join(word.text for word in turn.words)) for turn in shown.turns))
    assert [s for s in secrets if survives(s, words)] == []  # the word list hides them too


@pytest.mark.parametrize("call", CALLS)
def test_the_agents_turns_get_only_the_span_rules(call: str) -> None:
    """Greetings, questions and closings stay readable: the answer rules never touch the
    agent's words (a number the agent reads out is still masked by the span rules)."""
    _secrets, as_heard = load(call)
    shown = masked(as_heard).turns
    assert shown[0].speaker == "agent" and shown[0].text == as_heard.turns[0].text
    for index, turn in enumerate(as_heard.turns):
        if turn.speaker == "agent":
            context = as_heard.turns[index - 1].text if index else ""
            assert shown[index].text == mask_text(turn.text, context)
