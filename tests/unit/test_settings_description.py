"""The settings description comes from the settings model: every setting, documented, masked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr

from qa_app.config import Settings, env_name, settings_reference

README = Path(__file__).resolve().parents[2] / "README.md"
FIELDS = list(Settings.model_fields)


def configuration_table() -> str:
    """The variables table under the README's "Configuration" heading."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Configuration"):]
    start = section.index("| variable |")
    return section[start:section.index("\n\n", start)]


def test_the_description_lists_every_setting_in_the_order_of_the_model() -> None:
    described = Settings().describe()
    assert list(described) == [env_name(name) for name in FIELDS]
    assert "QA_WHISPER_MODEL" in described and "QA_SPEAKER_ATTRIBUTION" in described
    assert len(described) == len(FIELDS) >= 33


def test_every_setting_is_documented_with_its_default() -> None:
    reference = {doc.env_name: doc for doc in settings_reference()}
    assert list(reference) == [env_name(name) for name in FIELDS]
    undocumented = [name for name, doc in reference.items() if not doc.description.strip()]
    assert not undocumented, f"give these fields a description in qa_app/config.py: {undocumented}"
    assert reference["QA_WHISPER_BEAM_SIZE"].default == "5"
    assert reference["QA_EXCLUDE_REFUSED_CONSENT"].default == "true"
    assert reference["QA_SECRET_KEY"].default == "(not set)"


def test_the_readme_table_names_every_setting() -> None:
    named = set(re.findall(r"`(QA_[A-Z_]+)`", configuration_table()))
    missing = [doc.env_name for doc in settings_reference() if doc.env_name not in named]
    assert not missing, f"add these settings to the README's Configuration table: {missing}"
    unknown = named - {doc.env_name for doc in settings_reference()}
    assert not unknown, f"the README's Configuration table names no such settings: {unknown}"


@pytest.mark.parametrize(("field", "value", "secret", "shown"), [
    ("secret_key", SecretStr("hush"), "hush", "***"),
    ("database_url", "postgresql+psycopg://qa:s3cret@db/qa", "s3cret",
     "postgresql+psycopg://qa:***@db/qa"),
    ("queue_url", "redis://:s3cret@queue:6379/0", "s3cret", "redis://:***@queue:6379/0"),
])
def test_passwords_and_secrets_are_masked(field: str, value: object, secret: str,
                                          shown: str) -> None:
    described = Settings(**{field: value}).describe()  # type: ignore[arg-type]
    assert described[env_name(field)] == shown
    assert not any(secret in text for text in described.values())


def test_empty_settings_show_what_is_used_instead(tmp_path: Path) -> None:
    described = Settings(home=tmp_path).describe()
    assert described["QA_DATABASE_URL"] == f"sqlite:///{tmp_path / 'qa.sqlite'}"
    assert described["QA_DATA_DIR"] == str(tmp_path / "recordings")
    assert described["QA_QUEUE_URL"] == f"(sqlite) {tmp_path / 'queue.sqlite'}"
    assert described["QA_SECRET_KEY"] == "(not set)" and described["QA_OIDC_ENABLED"] == "false"
