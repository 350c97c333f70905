"""Settings from the environment (prefix ``QA_``) and an optional ``.env`` file.

Defaults run on one machine: an SQLite file and the recordings folder under ``data/`` in the
project. One settings object serves the app, the CLI and the workers.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HOME = PROJECT_ROOT / "data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QA_", env_file=".env", extra="ignore")

    home: Path = Field(DEFAULT_HOME, description="Folder for the SQLite file and working files")
    database_url: str = Field("", description="SQLAlchemy URL; empty means <home>/qa.sqlite")
    data_dir: Path = Field(Path(""), description="Recordings root; empty means <home>/recordings")
    language: Literal["id", "en"] = "id"
    timezone: str = "Asia/Jakarta"
    mappings_dir: Path | None = Field(None, description="Extra folder of column-mapping YAML files")
    upload_max_mb: int = Field(200, gt=0)
    import_future_margin_days: float = Field(
        1, ge=0, description="How far in the future an imported hire date, interaction or "
        "survey answer may lie (clock and time-zone slack) before its row is rejected")
    secret_key: SecretStr = SecretStr("")
    whisper_model: str = Field("", description="CTranslate2 model folder or hub name; empty "
                               "means the bundled Whisper base, assembled under <home>/models")
    whisper_compute_type: str = "int8"
    whisper_cpu_threads: int = Field(0, ge=0, description="0 means one per available core")
    whisper_beam_size: int = Field(5, ge=1)
    whisper_vocabulary: Literal["off", "hotwords", "prompt"] = Field(
        "off", description="Give Whisper the domain words of the vocabulary file as hotwords "
        "or as an initial prompt; off until measured on the robustness corpus")
    whisper_vocabulary_file: Path | None = Field(
        None, description="One domain word a line; empty means qa_app/transcribe/vocabulary.txt")
    stereo_channels: str = Field("agent,customer", description="speakers of left,right channel")
    speaker_attribution: Literal["channels", "louder"] = "louder"
    keep_unmasked_transcripts: bool = False
    session_timeout_minutes: int = Field(30, gt=0, description="Idle time before a new login")
    lockout_failures: int = Field(5, gt=0, description="Failed logins in a row that lock")
    lockout_minutes: int = Field(15, gt=0, description="How long a locked account stays locked")
    password_min_length: int = Field(10, ge=8)
    password_context_words: str = Field(
        "pegadaian,workbench", description="Comma-separated names (company, product) that no "
        "password may contain")
    exclude_refused_consent: bool = Field(
        True, description="Leave interactions whose consent was refused out of sampling and processing")
    retention_recordings_days: int = Field(365, gt=0)
    retention_transcripts_days: int = Field(365, gt=0)
    retention_evaluations_days: int = Field(1095, gt=0)
    prescore_min_examples: int = Field(50, ge=3, description="Finalized answers an item needs "
                                       "(both outcomes present) before a model learns it")
    queue_url: str = Field("", description="Huey storage: empty means <home>/queue.sqlite; "
                           "redis://host:6379/0 to share the queue between machines")
    job_lease_seconds: float = Field(120, gt=0, description="A job whose worker is silent this "
                                     "long is given to another worker")
    oidc_enabled: bool = Field(False, description="Offer single sign-on through st.login (OIDC)")
    qm_target: float = Field(95.0, gt=0, le=100, description="QM score target (percent)")
    dispute_window_days: int = Field(7, gt=0, description="Days after an evaluation is "
                                     "finalized during which the agent or team lead may dispute it")
    dispute_ruling_days: int = Field(5, gt=0, description="Days a raised dispute may wait for "
                                     "its ruling before it is overdue")
    report_targets_file: Path | None = Field(
        None, description="YAML of CSI formula/bands and service-KPI targets; empty means "
        "the bundled qa_app/reports/targets.yaml")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone name
        return value

    @field_validator("stereo_channels")
    @classmethod
    def _two_speakers(cls, value: str) -> str:
        if sorted(part.strip() for part in value.split(",")) != ["agent", "customer"]:
            raise ValueError("must be 'agent,customer' or 'customer,agent' (left,right)")
        return value

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'qa.sqlite'}"

    @property
    def recordings_dir(self) -> Path:
        return self.data_dir if str(self.data_dir) not in ("", ".") else self.home / "recordings"

    @property
    def context_words(self) -> tuple[str, ...]:
        return tuple(word.strip() for word in self.password_context_words.split(",")
                     if word.strip())

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def describe(self) -> dict[str, str]:
        """The effective settings as text, with passwords and secrets masked."""
        return {
            "QA_HOME": str(self.home),
            "QA_DATABASE_URL": make_url(self.effective_database_url).render_as_string(
                hide_password=True
            ),
            "QA_DATA_DIR": str(self.recordings_dir),
            "QA_LANGUAGE": self.language,
            "QA_TIMEZONE": self.timezone,
            "QA_MAPPINGS_DIR": str(self.mappings_dir or ""),
            "QA_UPLOAD_MAX_MB": str(self.upload_max_mb),
            "QA_IMPORT_FUTURE_MARGIN_DAYS": str(self.import_future_margin_days),
            "QA_SECRET_KEY": "***" if self.secret_key.get_secret_value() else "(not set)",
            "QA_SESSION_TIMEOUT_MINUTES": str(self.session_timeout_minutes),
            "QA_LOCKOUT_FAILURES": str(self.lockout_failures),
            "QA_LOCKOUT_MINUTES": str(self.lockout_minutes),
            "QA_PASSWORD_MIN_LENGTH": str(self.password_min_length),
            "QA_PASSWORD_CONTEXT_WORDS": self.password_context_words,
            "QA_EXCLUDE_REFUSED_CONSENT": str(self.exclude_refused_consent).lower(),
            "QA_RETENTION_RECORDINGS_DAYS": str(self.retention_recordings_days),
            "QA_RETENTION_TRANSCRIPTS_DAYS": str(self.retention_transcripts_days),
            "QA_RETENTION_EVALUATIONS_DAYS": str(self.retention_evaluations_days),
            "QA_OIDC_ENABLED": str(self.oidc_enabled).lower(),
            "QA_QUEUE_URL": make_url_safe(self.queue_url) or f"(sqlite) {self.home / 'queue.sqlite'}",
            "QA_JOB_LEASE_SECONDS": str(self.job_lease_seconds),
            "QA_PRESCORE_MIN_EXAMPLES": str(self.prescore_min_examples),
            "QA_QM_TARGET": str(self.qm_target),
            "QA_DISPUTE_WINDOW_DAYS": str(self.dispute_window_days),
            "QA_DISPUTE_RULING_DAYS": str(self.dispute_ruling_days),
            "QA_REPORT_TARGETS_FILE": str(self.report_targets_file or ""),
        }


def make_url_safe(url: str) -> str:
    """A URL with its password masked (redis://:secret@host → redis://:***@host)."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
