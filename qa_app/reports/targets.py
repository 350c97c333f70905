"""The report targets and definitions (CSI formula and bands, mismatch rule, KPI targets),
read from YAML and validated, so a wrong file fails with its path and field."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

BUNDLED_TARGETS = Path(__file__).resolve().parent / "targets.yaml"
CsiFormula = Literal["mean_over_5", "top2_share", "linear"]
ScrDefinition = Literal["answered_over_offered", "resolved_wrap_up"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(_Strict):
    min: int = Field(ge=0, le=100)
    max: int = Field(ge=0, le=100)
    label: str = Field(min_length=1)


class CsiSettings(_Strict):
    formula: CsiFormula = "mean_over_5"
    bands: tuple[Band, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _bands_cover_0_to_100(self) -> CsiSettings:
        expected = 0
        for band in self.bands:
            if band.min != expected or band.max < band.min:
                raise ValueError(f"csi.bands: band {band.label!r} must start at {expected} "
                                 f"and end at or after its start (bands cover 0..100 in order)")
            expected = band.max + 1
        if expected != 101:
            raise ValueError("csi.bands: the last band must end at 100")
        return self


class MismatchRule(_Strict):
    high_qm_min: float = 95
    low_csi_max: int = Field(2, ge=1, le=5)
    low_qm_below: float = 80
    high_csi_min: int = Field(5, ge=1, le=5)


class KpiSettings(_Strict):
    aht_target_seconds: float = Field(300, gt=0)
    first_response_target_seconds: float = Field(300, gt=0)
    first_response_channels: tuple[str, ...] = ("chat", "whatsapp", "email", "social")
    scr_target_percent: float = Field(90, gt=0, le=100)
    scr_definition: ScrDefinition = "answered_over_offered"
    scr_resolved_wrap_up_codes: tuple[str, ...] = ()


class ReportTargets(_Strict):
    csi: CsiSettings
    mismatch: MismatchRule = MismatchRule()
    kpi: KpiSettings = KpiSettings()


class TargetsError(ValueError):
    """The targets file is missing or invalid; the message names the file and the field."""


def load_targets(path: Path | None = None) -> ReportTargets:
    source = path or BUNDLED_TARGETS
    try:
        document = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TargetsError(f"{source}: cannot read the report targets: {error}") from None
    try:
        return ReportTargets.model_validate(document)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}"
                             for e in error.errors())
        raise TargetsError(f"{source}: {problems} — fix the file (see the bundled "
                           f"{BUNDLED_TARGETS.name} for the shape)") from None


@lru_cache(maxsize=4)
def cached_targets(path: Path | None = None) -> ReportTargets:
    return load_targets(path)
