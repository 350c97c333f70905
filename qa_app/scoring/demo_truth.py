"""Ground truth of the demo recordings (qa_app/demo/recordings/OC-REC-*.json) as pre-scorer
input: each script becomes a transcript in the `transcribe --json` shape, with only what a
transcriber measures (turns and silences; no hold labels), plus the expected answers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_app.scoring.conversation import Conversation, from_transcribe_json

DEMO_RECORDINGS = Path(__file__).resolve().parents[1] / "demo" / "recordings"


@dataclass(frozen=True)
class LabelledCall:
    id: str
    transcript: Conversation
    expected: dict[str, str]


def script_to_transcribe_json(truth: dict[str, Any]) -> dict[str, Any]:
    turns = [{"speaker": line["speaker"], "start": line["start"], "end": line["end"],
              "text": line["text"], "words": []} for line in truth["script"]]
    return {"duration": truth["duration"], "speakers_separated": True, "turns": turns,
            "metrics": {}}


def load_labelled(folder: Path = DEMO_RECORDINGS,
                  transcripts: Path | None = None) -> list[LabelledCall]:
    """Every ``*.json`` in ``folder`` with an ``expected`` block (the ground truth). Its
    transcript is ``transcripts/<same name>`` when a transcripts folder is given (e.g. the
    output of ``transcribe --json`` per recording), else its own ``turns`` or ``script``."""
    calls = []
    for path in sorted(folder.glob("*.json")):
        data = _read_json(path)
        if not isinstance(data, dict) or "expected" not in data:
            continue
        if transcripts is not None:
            transcript_file = transcripts / path.name
            if not transcript_file.is_file():
                raise ValueError(f"{transcript_file}: no transcript for the ground truth "
                                 f"{path}; transcribe the recording or drop the ground truth")
            shaped = _read_json(transcript_file)
        else:
            shaped = script_to_transcribe_json(data) if "script" in data else data
        transcript = from_transcribe_json(shaped, data.get("channel", "voice"),
                                          data.get("direction"))
        calls.append(LabelledCall(str(data.get("id", path.stem)), transcript,
                                  dict(data["expected"])))
    return calls


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a readable JSON file ({error})") from error
