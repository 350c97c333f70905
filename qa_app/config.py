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
    secret_key: SecretStr = SecretStr("")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone name
        return value

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'qa.sqlite'}"

    @property
    def recordings_dir(self) -> Path:
        return self.data_dir if str(self.data_dir) not in ("", ".") else self.home / "recordings"

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
            "QA_SECRET_KEY": "***" if self.secret_key.get_secret_value() else "(not set)",
        }


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
