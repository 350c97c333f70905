"""Settings from the environment (prefix ``QA_``) and an optional ``.env`` file.

Defaults run on one machine: an SQLite file and the recordings folder under ``data/`` in the
project. One settings object serves the app, the CLI and the workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

ENV_PREFIX = "QA_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HOME = PROJECT_ROOT / "data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_file=".env", extra="ignore")

    home: Path = Field(
        default=DEFAULT_HOME, description="Folder for the SQLite file and working files")
    database_url: str = Field(
        default="", description="SQLAlchemy URL; empty means <home>/qa.sqlite")
    data_dir: Path = Field(
        default=Path(""), description="Recordings root; empty means <home>/recordings")
    language: Literal["id", "en"] = Field(
        default="id", description="Language of the CLI and the app's default: id (Bahasa "
        "Indonesia) or en")
    timezone: str = Field(default="Asia/Jakarta", description="IANA time zone for display")
    mappings_dir: Path | None = Field(
        default=None, description="Extra folder of column-mapping YAML files")
    upload_max_mb: int = Field(
        default=200, gt=0, description="Largest file the Import page accepts (MB)")
    import_future_margin_days: float = Field(
        default=1, ge=0, description="How far in the future an imported hire date, interaction "
        "or survey answer may lie (clock and time-zone slack) before its row is rejected")
    secret_key: SecretStr = Field(
        default=SecretStr(""), description="Key of the digest that stands in the audit log for "
        "an unknown username typed at login; empty means a random key kept in the database")
    whisper_model: str = Field(
        default="", description="CTranslate2 model folder or hub name; empty means the bundled "
        "Whisper base, assembled under <home>/models")
    whisper_compute_type: str = Field(
        default="int8", description="CTranslate2 compute type of Whisper")
    whisper_cpu_threads: int = Field(
        default=0, ge=0, description="Whisper's CPU threads; 0 means one per available core")
    whisper_beam_size: int = Field(
        default=5, ge=1, description="Beam size of Whisper's decoding")
    whisper_vocabulary: Literal["off", "hotwords", "prompt"] = Field(
        default="off", description="Give Whisper the domain words of the vocabulary file as "
        "hotwords or as an initial prompt; off: on the robustness corpus's test split both raised "
        "the word error rate (tools/corpus/README.md)")
    whisper_vocabulary_file: Path | None = Field(
        default=None, description="One domain word a line; empty means "
        "qa_app/transcribe/vocabulary.txt")
    stereo_channels: str = Field(
        default="agent,customer", description="Speakers of the left,right channel")
    speaker_attribution: Literal["channels", "louder"] = Field(
        default="louder", description="How words of a stereo call get their speaker: louder "
        "transcribes the mono mix once and gives each word to the channel louder while it is "
        "said; channels transcribes each channel on its own")
    keep_unmasked_transcripts: bool = Field(
        default=False, description="Also keep the unmasked text (shown only to roles with that "
        "right)")
    session_timeout_minutes: int = Field(
        default=30, gt=0, description="Idle time before a new login")
    lockout_failures: int = Field(
        default=5, gt=0, description="Failed logins in a row that lock")
    lockout_minutes: int = Field(
        default=15, gt=0, description="How long a locked account stays locked")
    password_min_length: int = Field(
        default=10, ge=8, description="Shortest password accepted")
    password_context_words: str = Field(
        default="pegadaian,workbench", description="Comma-separated names (company, product) "
        "that no password may contain")
    exclude_refused_consent: bool = Field(
        default=True, description="Leave interactions whose consent was refused out of sampling "
        "and processing")
    retention_recordings_days: int = Field(
        default=365, gt=0, description="Recordings older than this are deleted by purge")
    retention_transcripts_days: int = Field(
        default=365, gt=0, description="Transcripts older than this are deleted by purge")
    retention_evaluations_days: int = Field(
        default=1095, gt=0, description="Evaluations older than this are deleted by purge")
    prescore_min_examples: int = Field(
        default=50, ge=3, description="Finalized answers an item needs (both outcomes present) "
        "before a model learns it")
    prescore_accuracy_window: int = Field(
        default=200, gt=0, description="Latest finalized evaluations per form the pre-score's "
        "agreement with the QCOs is measured on (the Akurasi Pra-skor page, nightly)")
    queue_url: str = Field(
        default="", description="Huey storage: empty means <home>/queue.sqlite; "
        "redis://host:6379/0 to share the queue between machines")
    job_lease_seconds: float = Field(
        default=120, gt=0, description="A job whose worker is silent this long is given to "
        "another worker")
    oidc_enabled: bool = Field(
        default=False, description="Offer single sign-on through st.login (OIDC)")
    qm_target: float = Field(
        default=95.0, gt=0, le=100, description="QM score target (percent)")
    dispute_window_days: int = Field(
        default=7, gt=0, description="Days after an evaluation is finalized during which the "
        "agent or team lead may dispute it")
    dispute_ruling_days: int = Field(
        default=5, gt=0, description="Days a raised dispute may wait for its ruling before it "
        "is overdue")
    screening: bool = Field(
        default=False, description="Screen every call: transcribe and pre-score every recorded "
        "voice call and chat thread at low priority (after each import and nightly), and list "
        "the risky ones for the QCO lead; screening results never enter QM")
    screening_days: int = Field(
        default=7, gt=0, description="How far back screening reaches: the calls and chats of "
        "this many days before the newest interaction in the database")
    screening_low_score: float = Field(
        default=60.0, ge=0, le=100, description="A screened call whose pre-score is below this "
        "is a risk flag")
    report_targets_file: Path | None = Field(
        default=None, description="YAML of CSI formula/bands and service-KPI targets; empty "
        "means the bundled qa_app/reports/targets.yaml")

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
        """Every setting's effective value as text (``QA_NAME`` → value), in the order of the
        model, with passwords and secrets masked; derived from the fields, so a new setting
        shows up without being listed here."""
        return {env_name(name): _EFFECTIVE.get(name, _shown)(self, name)
                for name in type(self).model_fields}


def env_name(field_name: str) -> str:
    """The environment variable of a setting (``whisper_model`` → ``QA_WHISPER_MODEL``)."""
    return f"{ENV_PREFIX}{field_name.upper()}"


def _text(value: object) -> str:
    if isinstance(value, SecretStr):
        return "***" if value.get_secret_value() else "(not set)"
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def _shown(settings: Settings, name: str) -> str:
    return _text(getattr(settings, name))


# Settings whose empty value stands for a derived one: the description shows what is used.
_EFFECTIVE: dict[str, Callable[[Settings, str], str]] = {
    "database_url": lambda settings, _: make_url(settings.effective_database_url)
    .render_as_string(hide_password=True),
    "data_dir": lambda settings, _: str(settings.recordings_dir),
    "queue_url": lambda settings, _: make_url_safe(settings.queue_url)
    or f"(sqlite) {settings.home / 'queue.sqlite'}",
}


@dataclass(frozen=True)
class SettingDoc:
    """One setting as documentation shows it: variable, default and meaning."""

    env_name: str
    default: str
    description: str


def settings_reference() -> tuple[SettingDoc, ...]:
    """Every setting of :class:`Settings` with its default and description, from the model."""
    return tuple(SettingDoc(env_name(name), _text(field.default), field.description or "")
                 for name, field in Settings.model_fields.items())


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
