"""The domain vocabulary for Whisper: off by default, hotwords of single words when chosen."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_app.config import Settings
from qa_app.transcribe.options import BUNDLED_VOCABULARY, TranscribeOptions, read_vocabulary


def options(tmp_path: Path, **settings: object) -> TranscribeOptions:
    chosen = Settings(home=tmp_path, **settings)  # type: ignore[arg-type]
    return TranscribeOptions.from_settings(chosen)


def test_off_by_default_so_decoding_is_unchanged(tmp_path: Path) -> None:
    decoding = options(tmp_path).decoding()
    assert "hotwords" not in decoding and "initial_prompt" not in decoding


def test_hotwords_are_the_bundled_single_domain_words(tmp_path: Path) -> None:
    decoding = options(tmp_path, whisper_vocabulary="hotwords").decoding()
    words = decoding["hotwords"].split()
    assert {"Pegadaian", "OTP", "PIN", "SBG", "PDS", "gadai", "lelang", "tiket", "ARIANA"} <= \
        set(words)
    assert "initial_prompt" not in decoding
    # no compliance phrase: those are what a prompt gets hallucinated into a call
    assert not {"selamat", "terima", "kasih", "menunggu", "menghubungi"} & \
        {w.lower() for w in words}


@pytest.mark.parametrize("mode", ["prompt", "hotwords"])
def test_a_vocabulary_file_of_ones_own(tmp_path: Path, mode: str) -> None:
    mine = tmp_path / "words.txt"
    mine.write_text("# comment\nTaksiran\n\n  Mulia  # gold bars\n", encoding="utf-8")
    decoding = options(tmp_path, whisper_vocabulary=mode,
                       whisper_vocabulary_file=mine).decoding()
    key = "initial_prompt" if mode == "prompt" else "hotwords"
    assert decoding[key] == "Taksiran Mulia"
    assert ({"hotwords", "initial_prompt"} - {key}).isdisjoint(decoding)


def test_the_bundled_file_reads_as_words() -> None:
    assert all(" " not in line for line in read_vocabulary(BUNDLED_VOCABULARY).split())


def test_an_unknown_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="whisper_vocabulary"):
        Settings(home=tmp_path, whisper_vocabulary="phrases")  # type: ignore[arg-type]
