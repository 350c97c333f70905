"""The bundled model: assembled once from its two packages, checked, and clear errors when not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa_app.transcribe.engine import transcribe_file
from qa_app.transcribe.errors import ModelUnavailableError
from qa_app.transcribe.model import (
    BUNDLED_MODEL_SHA256,
    _sha256,
    assemble_bundled_model,
    load_model,
    resolve_model,
    verify_bundled_model,
)
from qa_app.transcribe.options import TranscribeOptions


@pytest.fixture(scope="module")
def assembled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return assemble_bundled_model(tmp_path_factory.mktemp("models") / "whisper-base")


def test_the_parts_are_joined_into_a_verified_folder_once(assembled: Path) -> None:
    assert sorted(p.name for p in assembled.iterdir()) == [
        "config.json", "model.bin", "tokenizer.json", "vocabulary.json"]
    assert _sha256(assembled / "model.bin") == BUNDLED_MODEL_SHA256
    assert [p.name for p in assembled.parent.iterdir()] == ["whisper-base"]  # no staging left
    written = (assembled / "model.bin").stat().st_mtime_ns
    assert assemble_bundled_model(assembled) == assembled
    assert (assembled / "model.bin").stat().st_mtime_ns == written


def test_a_corrupt_model_is_refused_with_what_to_do(assembled: Path, tmp_path: Path) -> None:
    broken = tmp_path / "whisper-base"
    shutil.copytree(assembled, broken)
    with (broken / "model.bin").open("r+b") as model:
        model.seek(1000)
        model.write(b"\x00\x01\x02\x03")
    with pytest.raises(ModelUnavailableError, match="checksum mismatch.*delete"):
        verify_bundled_model(broken)
    (broken / "tokenizer.json").unlink()
    with pytest.raises(ModelUnavailableError, match=r"model files missing \(tokenizer.json\)"):
        resolve_model("", tmp_path)


def test_qa_whisper_model_may_name_a_folder_or_a_hub_model(assembled: Path,
                                                           tmp_path: Path) -> None:
    assert resolve_model(str(assembled), tmp_path) == (str(assembled), True)
    assert resolve_model("small", tmp_path) == ("small", False)
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        resolve_model(str(tmp_path / "nowhere"), tmp_path)
    with pytest.raises(ModelUnavailableError, match="no model.bin"):
        resolve_model(str(tmp_path), tmp_path)


def test_an_unloadable_model_fails_at_start_not_on_the_audio(tmp_path: Path) -> None:
    fake = tmp_path / "fake-model"
    fake.mkdir()
    (fake / "model.bin").write_bytes(b"not a model")
    (fake / "config.json").write_text("{}")
    with pytest.raises(ModelUnavailableError, match="cannot be loaded"):
        load_model(str(fake), tmp_path)
    not_audio = tmp_path / "call.wav"
    not_audio.write_text("text")
    options = TranscribeOptions(models_dir=tmp_path, model=str(fake))
    with pytest.raises(ModelUnavailableError):
        transcribe_file(not_audio, options)
