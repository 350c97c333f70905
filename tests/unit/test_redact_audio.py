"""Audio redaction: the masked words of a transcript as time spans, and a tone over them."""

from __future__ import annotations

import numpy as np
import pytest

from qa_app.transcribe.audio import ffmpeg_exe
from qa_app.transcribe.redact_audio import MARGIN_S, AudioSpan, masked_spans, redact

RATE = 8000
SPEAKERS = ("agent", "customer")


def word(start: float, end: float, text: str) -> dict[str, object]:
    return {"start": start, "end": end, "text": text, "probability": 0.9}


def document(*turns: dict[str, object], separated: bool = True,
             duration: float = 10.0) -> dict[str, object]:
    return {"duration": duration, "speakers_separated": separated, "turns": list(turns)}


def turn(speaker: str | None, *words: dict[str, object]) -> dict[str, object]:
    return {"speaker": speaker, "start": words[0]["start"], "end": words[-1]["end"],
            "text": " ".join(str(w["text"]) for w in words), "words": list(words)}


def test_masked_words_become_spans_on_the_speakers_channel_with_a_margin() -> None:
    spans = masked_spans(document(
        turn("agent", word(0.5, 0.9, "Nomor"), word(1.0, 1.4, "HP-nya?")),
        turn("customer", word(2.0, 2.3, "[PHONE]"), word(2.3, 2.7, "[PHONE]"),
             word(2.8, 3.0, "[PHONE],"), word(4.0, 4.2, "ya")),
        turn("agent", word(5.0, 5.5, "[DOB]"))), SPEAKERS)

    assert spans == [AudioSpan(2.0 - MARGIN_S, 3.0 + MARGIN_S, 1),
                     AudioSpan(5.0 - MARGIN_S, 5.5 + MARGIN_S, 0)]


@pytest.mark.parametrize(("separated", "speaker", "channel"), [
    (False, "customer", None),  # a mono call: no channel is the speaker's
    (True, None, None),
    (True, "customer", 0),  # the settings may put the customer on the left
])
def test_the_channel_follows_the_settings_and_the_separation(
        separated: bool, speaker: str | None, channel: int | None) -> None:
    spans = masked_spans(document(turn(speaker, word(3.0, 3.5, "[NIK]")), separated=separated),
                         ("customer", "agent"))
    assert [span.channel for span in spans] == [channel]


def test_spans_are_clipped_to_the_call_and_words_merely_bracketed_are_kept() -> None:
    spans = masked_spans(document(
        turn("customer", word(0.05, 0.4, "[NAME]"), word(1.0, 1.2, "[nanti]"),
             word(9.9, 10.0, "[NUMBER]"))), SPEAKERS)
    assert spans == [AudioSpan(0.0, 0.4 + MARGIN_S, 1), AudioSpan(9.9 - MARGIN_S, 10.0, 1)]


def stereo_speech(seconds: float) -> np.ndarray:
    """Two channels of noise-like 'speech' (int16), different on each side."""
    rng = np.random.default_rng(7)
    return (rng.normal(0, 3000, (int(seconds * RATE), 2))).clip(-32768, 32767).astype("<i2")


def segment_of(frames: np.ndarray):  # noqa: ANN201  (a pydub AudioSegment)
    ffmpeg_exe()  # imports pydub quietly
    from pydub import AudioSegment

    return AudioSegment(data=frames.tobytes(), sample_width=2, frame_rate=RATE, channels=2)


def frames_of(segment) -> np.ndarray:  # noqa: ANN001
    return np.array(segment.get_array_of_samples()).reshape(-1, segment.channels)


def dominant_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.fft.rfftfreq(len(samples), 1 / RATE)[np.argmax(spectrum)])


def test_the_tone_replaces_both_channels_of_the_span_and_nothing_else() -> None:
    original = stereo_speech(3.0)
    redacted = frames_of(redact(segment_of(original), [AudioSpan(1.0, 1.5, 1)]))

    inside = slice(1 * RATE, int(1.5 * RATE))
    assert redacted.shape == original.shape
    assert np.array_equal(redacted[:RATE], original[:RATE])
    assert np.array_equal(redacted[inside.stop:], original[inside.stop:])
    for channel in (0, 1):  # the speaker's channel and the other (echo, sidetone)
        part = redacted[inside, channel].astype(float)
        assert dominant_hz(part) == pytest.approx(1000, abs=5)
        assert dominant_hz(original[inside, channel].astype(float)) != pytest.approx(1000, abs=5)
        rms = np.sqrt(np.mean(part ** 2))
        assert rms == pytest.approx(32767 * 10 ** (-12 / 20) / np.sqrt(2), rel=0.01)
        assert rms != pytest.approx(np.sqrt(np.mean(original[inside, channel] ** 2.0)), rel=0.2)
    assert np.array_equal(redacted[inside, 0], redacted[inside, 1])


def test_without_spans_the_recording_is_unchanged() -> None:
    original = segment_of(stereo_speech(1.0))
    assert redact(original, []).raw_data == original.raw_data
