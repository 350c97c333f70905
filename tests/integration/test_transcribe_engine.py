"""The real Whisper base model on a 15 s cut of a demo call (8 kHz µ-law stereo).

The model is loaded once per session; every test transcribes at most 15 s of audio.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from dataclasses import replace
from pathlib import Path

import pytest

from qa_app.transcribe.audio import ffmpeg_exe
from qa_app.transcribe.call_transcript import CallTranscript
from qa_app.transcribe.engine import model_for, transcribe_file
from qa_app.transcribe.model import LoadedModel
from qa_app.transcribe.options import TranscribeOptions

PROJECT = Path(__file__).resolve().parents[2]
DEMO_CALL = PROJECT / "qa_app/demo/recordings/OC-REC-001.wav"


@pytest.fixture(scope="session")
def options(tmp_path_factory: pytest.TempPathFactory) -> TranscribeOptions:
    return TranscribeOptions(models_dir=tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def model(options: TranscribeOptions) -> LoadedModel:
    return model_for(options)


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The first 15 s of OC-REC-001 (agent left, customer right), its mono mix, and silence."""
    folder = tmp_path_factory.mktemp("clips")
    stereo, mono, silence = folder / "call.wav", folder / "mono.wav", folder / "silence.wav"
    run = [ffmpeg_exe(), "-v", "error", "-y", "-i"]
    subprocess.run([*run, str(DEMO_CALL), "-t", "15", "-c:a", "pcm_mulaw", str(stereo)],
                   check=True)
    subprocess.run([*run, str(stereo), "-ac", "1", "-c:a", "pcm_s16le", str(mono)], check=True)
    with wave.open(str(silence), "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(8000)
        writer.writeframes(bytes(8000 * 4 * 10))
    return {"stereo": stereo, "mono": mono, "silence": silence}


def speaker_sequence(transcript: CallTranscript) -> list[str | None]:
    sequence: list[str | None] = []
    for turn in transcript.turns:
        if not sequence or sequence[-1] != turn.speaker:
            sequence.append(turn.speaker)
    return sequence


def test_each_channel_transcribed_on_its_own_gives_its_speaker(
        options: TranscribeOptions, model: LoadedModel, clips: dict[str, Path]) -> None:
    seen: list[float] = []
    transcript = transcribe_file(clips["stereo"], replace(options, attribution="channels"),
                                 progress=seen.append, model=model)
    assert transcript.speakers_separated and transcript.duration == pytest.approx(15.0)
    assert speaker_sequence(transcript) == ["agent", "customer", "agent", "customer", "agent"]
    script = json.loads(DEMO_CALL.with_suffix(".json").read_text(encoding="utf-8"))["script"]
    opening, answer = transcript.turns[0], transcript.turns[1]
    assert "selamat pagi" in opening.text.lower()
    assert opening.start == pytest.approx(script[0]["start"], abs=0.5)
    assert "tanya" in answer.text.lower()
    assert answer.start == pytest.approx(script[1]["start"], abs=0.5)
    assert all(w.start <= w.end and 0 <= w.probability <= 1 for w in opening.words)
    assert seen == sorted(seen) and seen[-1] == 1.0
    assert transcript.metrics["talk_time"]["agent"] > transcript.metrics["talk_time"]["customer"]


def test_louder_channel_attribution_follows_the_channel_mapping(
        options: TranscribeOptions, model: LoadedModel, clips: dict[str, Path]) -> None:
    swapped = replace(options, attribution="louder", stereo_speakers=("customer", "agent"))
    transcript = transcribe_file(clips["stereo"], swapped, model=model)
    assert speaker_sequence(transcript) == ["customer", "agent", "customer", "agent", "customer"]
    assert "selamat pagi" in transcript.turns[0].text.lower()


def test_mono_has_no_speakers_and_is_deterministic(options: TranscribeOptions,
                                                   model: LoadedModel,
                                                   clips: dict[str, Path]) -> None:
    first = transcribe_file(clips["mono"], options, model=model)
    assert not first.speakers_separated
    assert {turn.speaker for turn in first.turns} == {None}
    assert "selamat pagi" in first.text.lower() and "budi" in first.text.lower()
    assert transcribe_file(clips["mono"], options, model=model).to_json() == first.to_json()


def test_silence_gives_no_turns(options: TranscribeOptions, model: LoadedModel,
                                clips: dict[str, Path]) -> None:
    transcript = transcribe_file(clips["silence"], options, model=model)
    assert transcript.turns == () and transcript.duration == pytest.approx(10.0)
    assert transcript.metrics["talk_time"] == {} and transcript.metrics["silence"]["count"] == 0


def cli(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    environment = {**inherited, "QA_HOME": str(home), "PYTHONPATH": str(PROJECT),
                   "QA_LANGUAGE": "en", **env}
    return subprocess.run([sys.executable, "-m", "qa_app", "transcribe", *args],
                          capture_output=True, text=True, env=environment, cwd=home, timeout=300)


def test_cli_prints_the_transcript_json_without_a_database(
        tmp_path: Path, options: TranscribeOptions, model: LoadedModel,
        clips: dict[str, Path]) -> None:
    result = cli(tmp_path, str(clips["stereo"]), "--json", QA_WHISPER_MODEL=model.name)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"duration", "speakers_separated", "turns", "metrics"}
    assert data["speakers_separated"] is True and data["turns"][0]["speaker"] == "agent"
    assert set(data["turns"][0]) == {"speaker", "start", "end", "text", "words"}
    assert set(data["turns"][0]["words"][0]) == {"start", "end", "text", "probability"}
    assert not (tmp_path / "qa.sqlite").exists()


@pytest.fixture(scope="session")
def verification_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10.5 s of OC-REC-001: the agent asks for the date of birth and the mother's maiden
    name ("namahibukan dong", as the model hears it) and the customer answers."""
    clip = tmp_path_factory.mktemp("verification") / "verification.wav"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-ss", "10.8", "-i", str(DEMO_CALL),
                    "-t", "10.5", "-c:a", "pcm_mulaw", str(clip)], check=True)
    return clip


def test_cli_prints_masked_text_unless_unmasked_is_asked_where_it_is_kept(
        tmp_path: Path, model: LoadedModel, verification_clip: Path) -> None:
    keep = {"QA_WHISPER_MODEL": model.name, "QA_KEEP_UNMASKED_TRANSCRIPTS": "true"}
    masked = cli(tmp_path, str(verification_clip), "--json", **keep)
    original = cli(tmp_path, str(verification_clip), "--json", "--unmasked", **keep)
    assert masked.returncode == original.returncode == 0, masked.stderr + original.stderr
    masked_answer = json.loads(masked.stdout)["turns"][-1]
    original_answer = json.loads(original.stdout)["turns"][-1]
    assert masked_answer["speaker"] == original_answer["speaker"] == "customer"
    assert "aminah" in original_answer["text"].lower()
    assert "tujuh" in original_answer["text"].lower()
    assert masked_answer["text"] == "[DOB], [NAME]."
    assert {word["text"] for word in masked_answer["words"]} == {"[DOB]", "[NAME]"}
    assert "unmasked_text" not in masked_answer  # one text is printed: the masked one
    assert "aminah" not in masked.stdout.lower()
    readable = cli(tmp_path, str(verification_clip), QA_WHISPER_MODEL=model.name)
    assert readable.returncode == 0, readable.stderr
    assert readable.stdout.splitlines()[-1].endswith("Customer: [DOB], [NAME].")


@pytest.mark.parametrize(("language", "message"), [
    ("en", "--unmasked is not available"), ("id", "--unmasked tidak tersedia")])
def test_cli_refuses_unmasked_output_where_the_settings_keep_none(
        tmp_path: Path, verification_clip: Path, language: str, message: str) -> None:
    refused = cli(tmp_path, str(verification_clip), "--json", "--unmasked",
                  QA_LANGUAGE=language)
    assert refused.returncode == 2
    assert message in refused.stderr and "QA_KEEP_UNMASKED_TRANSCRIPTS" in refused.stderr
    assert refused.stdout == ""


def test_cli_names_the_bad_file_or_the_missing_model(tmp_path: Path, model: LoadedModel) -> None:
    text = tmp_path / "call.wav"
    text.write_text("bukan audio")
    bad_audio = cli(tmp_path, str(text), QA_WHISPER_MODEL=model.name)
    assert bad_audio.returncode == 1 and str(text) in bad_audio.stderr
    no_model = cli(tmp_path, str(text), QA_WHISPER_MODEL=str(tmp_path / "no-such-model"))
    assert no_model.returncode == 3 and "no-such-model" in no_model.stderr
