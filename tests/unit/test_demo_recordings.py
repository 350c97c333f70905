"""Checks on the committed synthetic call recordings in ``qa_app/demo/recordings/``.

Needs only the committed files (not espeak-ng, MBROLA or sox): the WAV files are 8-bit
mu-law, which the standard ``wave`` module cannot read, so a tiny RIFF parser and a
G.711 mu-law table decode them here.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

RECORDINGS = Path(__file__).resolve().parents[2] / "qa_app" / "demo" / "recordings"
IDS = [f"OC-REC-{n:03d}" for n in range(1, 13)]
MAX_DIR_BYTES = 10 * 1024 * 1024

WAVE_FORMAT_MULAW = 0x0007
WAVE_FORMAT_EXTENSIBLE = 0xFFFE
ANSWERS = {"yes", "no", "partial", "na"}
REQUIRED_ITEMS = {"O1", "O2", "O3", "V2", "V3", "H1", "H2", "H3", "K3", "K4", "C2", "C3"}
FORM_ITEMS = REQUIRED_ITEMS | {"V1", "P1", "P2", "S1", "S2", "K1", "K2", "K5", "C1", "D1"}
TOP_KEYS = {"id", "scenario", "title", "channel", "direction", "agent_name", "customer_name",
            "sample_rate", "encoding", "duration", "channels", "script", "holds", "silences",
            "expected", "notes"}

FRAME = 160  # 20 ms at 8 kHz
SPEECH_RMS = 400.0  # 16-bit units; synthesized speech sits in the thousands
QUIET_RMS = 60.0  # the line noise is about 5


# ------------------------------------------------------------------ decoding


def _mulaw_table() -> np.ndarray:
    """G.711 mu-law byte -> linear 16-bit sample."""
    table = np.zeros(256, dtype=np.int32)
    for byte in range(256):
        u = ~byte & 0xFF
        exponent = (u >> 4) & 0x07
        mantissa = u & 0x0F
        magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
        table[byte] = -magnitude if u & 0x80 else magnitude
    return table


MULAW = _mulaw_table()


@dataclass(frozen=True)
class Wav:
    format_tag: int
    channels: int
    sample_rate: int
    bits: int
    data: bytes

    @property
    def frames(self) -> int:
        return len(self.data) // (self.channels * self.bits // 8)

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate


def parse_wav(path: Path) -> Wav:
    """Minimal RIFF/WAVE reader: the ``fmt `` chunk and the ``data`` chunk."""
    raw = path.read_bytes()
    riff, _size, wave_id = struct.unpack_from("<4sI4s", raw, 0)
    assert riff == b"RIFF" and wave_id == b"WAVE", f"{path.name} is not RIFF/WAVE"
    pos, fmt, data = 12, None, None
    while pos + 8 <= len(raw):
        chunk_id, chunk_size = struct.unpack_from("<4sI", raw, pos)
        body = raw[pos + 8: pos + 8 + chunk_size]
        if chunk_id == b"fmt ":
            tag, channels, rate, _byte_rate, _align, bits = struct.unpack_from("<HHIIHH", body)
            if tag == WAVE_FORMAT_EXTENSIBLE and len(body) >= 26:
                tag = struct.unpack_from("<H", body, 24)[0]  # first 2 bytes of SubFormat GUID
            fmt = (tag, channels, rate, bits)
        elif chunk_id == b"data":
            data = body
        pos += 8 + chunk_size + (chunk_size & 1)
    assert fmt is not None and data is not None, f"{path.name}: missing fmt or data chunk"
    return Wav(*fmt, data=data)


@cache
def load(rec_id: str) -> tuple[dict[str, Any], Wav, np.ndarray]:
    """Ground truth, header, and decoded samples as an (n, 2) int array."""
    truth = json.loads((RECORDINGS / f"{rec_id}.json").read_text(encoding="utf-8"))
    wav = parse_wav(RECORDINGS / f"{rec_id}.wav")
    samples = MULAW[np.frombuffer(wav.data, dtype=np.uint8)]
    return truth, wav, samples[: wav.frames * wav.channels].reshape(-1, wav.channels)


def frame_rms(x: np.ndarray, start: float, end: float, rate: int = 8000) -> np.ndarray:
    """RMS of each whole 20 ms frame inside [start, end] seconds of a mono signal."""
    seg = x[int(start * rate): int(end * rate)].astype(np.float64)
    n = len(seg) // FRAME
    if n == 0:
        return np.sqrt(np.mean(seg ** 2, keepdims=True)) if len(seg) else np.zeros(1)
    rms: np.ndarray = np.sqrt((seg[: n * FRAME].reshape(n, FRAME) ** 2).mean(axis=1))
    return rms


# ------------------------------------------------------------------ tests


def test_all_recordings_present_and_nothing_else() -> None:
    wavs = sorted(p.stem for p in RECORDINGS.glob("*.wav"))
    jsons = sorted(p.stem for p in RECORDINGS.glob("*.json"))
    assert wavs == IDS
    assert jsons == IDS
    assert (RECORDINGS / "README.md").is_file()


def test_total_size_within_budget() -> None:
    total = sum(p.stat().st_size for p in RECORDINGS.rglob("*") if p.is_file())
    assert total <= MAX_DIR_BYTES, f"recordings take {total / 1e6:.2f} MB"


@pytest.mark.parametrize("rec_id", IDS)
def test_ground_truth_shape(rec_id: str) -> None:
    truth, _, _ = load(rec_id)
    assert set(truth) == TOP_KEYS
    assert truth["id"] == rec_id
    assert re.fullmatch(r"[a-z][a-z0-9_]*", truth["scenario"])
    assert isinstance(truth["title"], str) and truth["title"]
    assert truth["channel"] == "voice" and truth["direction"] == "inbound"
    assert truth["agent_name"] and truth["customer_name"]
    assert truth["sample_rate"] == 8000 and truth["encoding"] == "mu-law"
    assert truth["channels"] == {"left": "agent", "right": "customer"}
    assert isinstance(truth["notes"], str) and truth["notes"]

    duration = truth["duration"]
    script = truth["script"]
    assert script, "empty script"
    for utt in script:
        assert set(utt) == {"speaker", "start", "end", "text"}
        assert utt["speaker"] in {"agent", "customer"}
        assert 0 <= utt["start"] < utt["end"] <= duration
        assert utt["text"].strip()
    assert [u["start"] for u in script] == sorted(u["start"] for u in script)
    assert script[0]["speaker"] == "agent"

    for hold in truth["holds"]:
        assert set(hold) == {"start", "end", "announced"}
        assert 0 <= hold["start"] < hold["end"] <= duration
        assert isinstance(hold["announced"], bool)
    for gap in truth["silences"]:
        assert set(gap) == {"start", "end", "kind"}
        assert gap["kind"] in {"hold", "dead_air"}
        assert gap["end"] - gap["start"] > 3.0

    expected = truth["expected"]
    assert REQUIRED_ITEMS <= set(expected) <= FORM_ITEMS
    assert set(expected.values()) <= ANSWERS
    if not truth["holds"]:
        assert {expected[k] for k in ("H1", "H2", "H3")} == {"na"}


@pytest.mark.parametrize("rec_id", IDS)
def test_wav_format_and_duration(rec_id: str) -> None:
    truth, wav, _ = load(rec_id)
    assert wav.format_tag == WAVE_FORMAT_MULAW
    assert wav.channels == 2
    assert wav.sample_rate == 8000
    assert wav.bits == 8
    assert abs(wav.duration - truth["duration"]) <= 0.1
    assert 25.0 <= wav.duration <= 110.0  # the long-hold call runs just over 100 s


@pytest.mark.parametrize("rec_id", IDS)
def test_silences_are_every_gap_over_three_seconds(rec_id: str) -> None:
    truth, _, _ = load(rec_id)
    spans = sorted((u["start"], u["end"]) for u in truth["script"])
    gaps, covered = [], 0.0
    for start, end in spans:
        if start - covered > 3.0:
            gaps.append((round(covered, 2), round(start, 2)))
        covered = max(covered, end)
    if truth["duration"] - covered > 3.0:
        gaps.append((round(covered, 2), round(truth["duration"], 2)))
    assert gaps == [(s["start"], s["end"]) for s in truth["silences"]]
    for s in truth["silences"]:
        in_hold = any(h["start"] <= s["start"] and s["end"] <= h["end"] for h in truth["holds"])
        assert s["kind"] == ("hold" if in_hold else "dead_air")


@pytest.mark.parametrize("rec_id", IDS)
def test_speaker_channel_carries_each_utterance(rec_id: str) -> None:
    truth, _, samples = load(rec_id)
    for utt in truth["script"]:
        own, other = (0, 1) if utt["speaker"] == "agent" else (1, 0)
        loud = frame_rms(samples[:, own], utt["start"], utt["end"])
        quiet = frame_rms(samples[:, other], utt["start"], utt["end"])
        label = f"{utt['speaker']} {utt['start']}-{utt['end']} {utt['text'][:40]!r}"
        assert np.mean(loud > SPEECH_RMS) >= 0.4, f"no speech on own channel: {label}"
        assert np.mean(quiet < QUIET_RMS) >= 0.7, f"other channel not silent: {label}"


@pytest.mark.parametrize("rec_id", IDS)
def test_no_speech_outside_the_script(rec_id: str) -> None:
    """Between utterances (with a 50 ms margin) both channels are quiet."""
    truth, _, samples = load(rec_id)
    spans = sorted((u["start"], u["end"]) for u in truth["script"])
    edges = [0.0] + [t for span in spans for t in span] + [truth["duration"]]
    for gap_start, gap_end in zip(edges[::2], edges[1::2], strict=False):
        if gap_end - gap_start < 0.2:
            continue
        for ch in (0, 1):
            rms = frame_rms(samples[:, ch], gap_start + 0.05, gap_end - 0.05)
            assert rms.max() < QUIET_RMS, f"sound on channel {ch} in {gap_start}-{gap_end}"


@pytest.mark.parametrize("rec_id", IDS)
def test_listed_silences_are_quiet(rec_id: str) -> None:
    truth, _, samples = load(rec_id)
    for s in truth["silences"]:
        for ch in (0, 1):
            rms = frame_rms(samples[:, ch], s["start"] + 0.05, s["end"] - 0.05)
            assert rms.max() < QUIET_RMS


@pytest.mark.parametrize("rec_id", IDS)
def test_first_agent_speech_is_prompt_when_o3_yes(rec_id: str) -> None:
    truth, _, _ = load(rec_id)
    if truth["expected"]["O3"] == "yes":
        assert truth["script"][0]["start"] <= 3.0


@pytest.mark.parametrize("rec_id", IDS)
def test_hold_and_dead_air_labels_match_the_timing(rec_id: str) -> None:
    truth, _, _ = load(rec_id)
    exp = truth["expected"]
    for hold in truth["holds"]:
        if exp["H2"] == "yes":
            assert hold["end"] - hold["start"] <= 60.0
        if exp["H2"] == "no":
            assert hold["end"] - hold["start"] > 60.0
        assert (exp["H1"] == "yes") == hold["announced"]
    dead = [s for s in truth["silences"] if s["kind"] == "dead_air" and s["end"] - s["start"] > 10]
    assert (exp["K4"] == "no") == bool(dead)


@pytest.mark.parametrize("rec_id", IDS)
def test_evidence_phrases_follow_expected(rec_id: str) -> None:
    """The script text says (or clearly omits) the form's evidence phrases."""
    truth, _, _ = load(rec_id)
    exp = truth["expected"]
    agent = [u["text"].lower() for u in truth["script"] if u["speaker"] == "agent"]
    said = " ".join(agent)
    first = agent[0]
    o1 = (re.search(r"selamat (pagi|siang|sore|malam)", first) and "pegadaian" in first
          and "dengan saya" in first and re.search(r"ada yang (bisa|dapat) saya bantu", first))
    assert bool(o1) == (exp["O1"] == "yes")
    asks_otp = bool(re.search(
        r"(?<!jangan )(?:di)?(?:sebutkan|berikan|bacakan|minta)\w* (?:kode )?(?:otp|pin)\b", said))
    assert asks_otp == (exp["V2"] == "no")
    slang = bool(re.search(r"\b(gak|nggak|gue|lu)\b", said))
    assert slang == (exp["K3"] == "no")
    assert ("ada lagi yang bisa kami bantu" in said) == (exp["C2"] == "yes")
    assert ("terima kasih telah menghubungi pegadaian" in agent[-1]) == (exp["C3"] == "yes")
    if exp["V3"] == "yes":
        assert "direkam" in said
    if exp["H3"] in {"yes", "no"}:
        assert ("terima kasih telah menunggu" in said) == (exp["H3"] == "yes")
    if exp["H1"] in {"yes", "no"}:
        assert ("mohon izin" in said) == (exp["H1"] == "yes")
    if exp.get("S2") == "yes" and "ARIANA-" in " ".join(agent).upper():
        assert "hari kerja" in said
    if exp.get("V1") in {"yes", "no"}:
        verified = "tanggal lahir" in said and "nama ibu kandung" in said
        assert verified == (exp["V1"] == "yes")


def test_every_failure_kind_is_covered() -> None:
    expected = [load(rec_id)[0]["expected"] for rec_id in IDS]
    for item in ("O1", "V1", "V2", "H1", "H2", "H3", "K3", "K4", "C2", "S2"):
        assert any(e.get(item) == "no" for e in expected), f"no recording fails {item}"
    model = load("OC-REC-001")[0]
    assert model["scenario"] == "model_call"
    assert set(model["expected"].values()) == {"yes"}
    assert model["holds"] and model["holds"][0]["announced"]
    assert 15.0 <= model["holds"][0]["end"] - model["holds"][0]["start"] <= 20.0
