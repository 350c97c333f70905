"""Unit tests of the column mappings of source systems (qa_app.ingest.mapping)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from qa_app.ingest import parsers
from qa_app.ingest.mapping import (
    DEFAULT_MAPPING,
    KindMapping,
    MappingError,
    available_mappings,
    load_mapping,
    normalize_header,
)

# ------------------------------------------------------------------------ normalize_header


@pytest.mark.parametrize("header", [
    pytest.param("ID Interaksi", id="title-case-with-space"),
    pytest.param("id_interaksi", id="snake-case"),
    pytest.param("ID-INTERAKSI", id="upper-with-dash"),
    pytest.param(" Id.Interaksi ", id="dot-and-padding"),
    pytest.param("IDInteraksi", id="run-together"),
    pytest.param("id  interaksi", id="double-space"),
    pytest.param("\ufeffID Interaksi", id="with-bom"),
    pytest.param("ID\tInteraksi", id="tab"),
])
def test_normalize_header_equivalences(header: str) -> None:
    assert normalize_header(header) == normalize_header("ID Interaksi") == "idinteraksi"


@pytest.mark.parametrize(("left", "right"), [
    pytest.param("ID Interaksi", "ID Kasus", id="different-words"),
    pytest.param("Durasi Hold", "Durasi Bicara", id="same-prefix"),
])
def test_normalize_header_keeps_different_headers_apart(left: str, right: str) -> None:
    assert normalize_header(left) != normalize_header(right)


# ---------------------------------------------------------------------- the default mapping

def test_default_mapping_has_the_three_kinds() -> None:
    mapping = load_mapping()
    assert mapping.name == DEFAULT_MAPPING == "omni_channel"
    assert set(mapping.kinds) == {"roster", "interactions", "csi"}
    assert mapping.day_first is True
    assert mapping.timezone == "Asia/Jakarta"
    assert DEFAULT_MAPPING in available_mappings()


@pytest.mark.parametrize(("kind", "field", "first_header"), [
    pytest.param("roster", "employee_id", "ID Karyawan", id="roster-employee_id"),
    pytest.param("interactions", "source_id", "ID Interaksi", id="interactions-source_id"),
    pytest.param("interactions", "channel", "Channel", id="interactions-channel"),
    pytest.param("csi", "score", "Nilai", id="csi-score"),
])
def test_default_mapping_fields(kind: str, field: str, first_header: str) -> None:
    assert load_mapping().for_kind(kind).headers[field][0] == first_header


@pytest.mark.parametrize(("kind", "field", "word", "code"), [
    pytest.param("interactions", "channel", "live chat", "chat", id="channel-live-chat"),
    pytest.param("interactions", "direction", "masuk", "inbound", id="direction-masuk"),
    pytest.param("interactions", "consent", "", "unknown", id="consent-empty-is-unknown"),
    pytest.param("roster", "tier", "tier 2", "2", id="tier-quoted-code"),
    pytest.param("roster", "active", "nonaktif", "false", id="active-nonaktif"),
])
def test_default_mapping_value_words(kind: str, field: str, word: str, code: str) -> None:
    assert load_mapping().for_kind(kind).values[field][word] == code


def test_for_kind_without_that_section() -> None:
    mapping = load_mapping()
    with pytest.raises(ValueError, match="agents"):
        mapping.for_kind("agents")


# ---------------------------------------------------------------------- KindMapping.resolve

KIND = KindMapping(headers={
    "source_id": ("ID Interaksi", "Interaction ID", "ID"),
    "channel": ("Channel", "Kanal", "Media"),
    "started_at": ("Waktu Mulai", "Start Time"),
})


@pytest.mark.parametrize(("file_headers", "expected"), [
    pytest.param(["ID Interaksi", "Channel", "Waktu Mulai"],
                 {"source_id": "ID Interaksi", "channel": "Channel", "started_at": "Waktu Mulai"},
                 id="exact-headers"),
    pytest.param(["id_interaksi", "KANAL", "waktu-mulai"],
                 {"source_id": "id_interaksi", "channel": "KANAL", "started_at": "waktu-mulai"},
                 id="spelled-differently-gives-the-file-spelling"),
    pytest.param(["Media", "Kanal", "Interaction ID"],
                 {"source_id": "Interaction ID", "channel": "Kanal"},
                 id="first-accepted-header-wins-not-first-in-file"),
    pytest.param(["ID", "ID Interaksi"], {"source_id": "ID Interaksi"},
                 id="preferred-header-over-generic-one"),
    pytest.param(["Foo", "Bar", "Channel", "Catatan Internal"], {"channel": "Channel"},
                 id="unknown-headers-ignored"),
    pytest.param(["Foo", "Bar"], {}, id="nothing-recognized"),
    pytest.param([], {}, id="no-headers"),
])
def test_resolve(file_headers: list[str], expected: dict[str, str]) -> None:
    assert KIND.resolve(file_headers) == expected


def test_resolve_with_the_default_interactions_mapping() -> None:
    kind = load_mapping().for_kind("interactions")
    resolved = kind.resolve(["id interaksi", "ID AGENT", "Kanal", "Waktu_Mulai", "Waktu Selesai",
                             "Kolom Lain"])
    assert resolved == {"source_id": "id interaksi", "agent_employee_id": "ID AGENT",
                        "channel": "Kanal", "started_at": "Waktu_Mulai",
                        "ended_at": "Waktu Selesai"}


# ------------------------------------------------------------------- mapping files (YAML)

GOOD_YAML = """\
name: helpdesk_lama
description: Ekspor helpdesk lama
day_first: false
timezone: Asia/Makassar
roster:
  columns:
    employee_id: NIP            # a single header may be written without a list
    name: [Nama, Nama Lengkap]
  values:
    tier:
      "1": [T1, " Tier 1 "]
      "2": [T2]
csi:
  columns:
    score: [Skor]
"""


@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_load_mapping_from_a_file_path(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"helpdesk{suffix}"
    path.write_text(GOOD_YAML, encoding="utf-8")
    mapping = load_mapping(str(path))
    assert mapping.name == "helpdesk_lama"
    assert mapping.description == "Ekspor helpdesk lama"
    assert mapping.day_first is False
    assert mapping.timezone == "Asia/Makassar"
    assert set(mapping.kinds) == {"roster", "csi"}
    roster = mapping.for_kind("roster")
    assert roster.headers == {"employee_id": ("NIP",), "name": ("Nama", "Nama Lengkap")}
    assert roster.values == {"tier": {"t1": "1", "tier 1": "1", "t2": "2"}}
    assert roster.resolve(["nip", "NAMA LENGKAP"]) == {"employee_id": "nip",
                                                       "name": "NAMA LENGKAP"}


def test_loaded_words_work_with_parse_code(tmp_path: Path) -> None:
    path = tmp_path / "helpdesk.yaml"
    path.write_text(GOOD_YAML, encoding="utf-8")
    words = load_mapping(str(path)).for_kind("roster").values["tier"]
    parsed = parsers.parse_code(pd.Series(["TIER 1", "t2", "T3"], dtype="str"), words)
    assert parsed.values.iloc[0] == "1" and parsed.values.iloc[1] == "2"
    assert parsed.errors.iloc[2] == "unknown_value"


def test_defaults_of_a_minimal_file(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yaml"
    path.write_text("csi:\n  columns:\n    score: Nilai\n", encoding="utf-8")
    mapping = load_mapping(str(path))
    assert mapping.name == "minimal"  # the file's stem
    assert mapping.day_first is True
    assert mapping.timezone == "Asia/Jakarta"
    assert mapping.for_kind("csi").values == {}


def test_load_mapping_by_name_from_an_extra_dir(tmp_path: Path) -> None:
    (tmp_path / "helpdesk.yaml").write_text(GOOD_YAML, encoding="utf-8")
    assert "helpdesk" in available_mappings(tmp_path)
    assert load_mapping("helpdesk", extra_dir=tmp_path).name == "helpdesk_lama"


def test_values_single_word_is_one_word_not_its_letters(tmp_path: Path) -> None:
    """``columns`` accepts a single header without a list; a single word under ``values`` must
    likewise be one word (or be refused), never split into its letters."""
    path = tmp_path / "single.yaml"
    path.write_text('roster:\n  columns:\n    tier: Tier\n  values:\n    tier:\n'
                    '      "1": tier 1\n', encoding="utf-8")
    try:
        words = load_mapping(str(path)).for_kind("roster").values["tier"]
    except MappingError as error:
        assert "single.yaml" in str(error) and "tier" in str(error)
        return
    assert words == {"tier 1": "1"}


# ------------------------------------------------------------------------------------ errors

@pytest.mark.parametrize("name", [
    pytest.param("tidak_ada", id="unknown-name"),
    pytest.param("missing.yaml", id="yaml-file-that-does-not-exist"),
])
def test_unknown_mapping_lists_the_known_ones(tmp_path: Path, name: str) -> None:
    with pytest.raises(MappingError) as raised:
        load_mapping(name)
    message = str(raised.value)
    assert name in message
    assert "known mappings" in message
    assert "omni_channel" in message


def test_unknown_mapping_lists_the_extra_dir_too(tmp_path: Path) -> None:
    (tmp_path / "helpdesk.yaml").write_text(GOOD_YAML, encoding="utf-8")
    with pytest.raises(MappingError) as raised:
        load_mapping("tidak_ada", extra_dir=tmp_path)
    assert "helpdesk" in str(raised.value) and "omni_channel" in str(raised.value)


@pytest.mark.parametrize(("text", "entry"), [
    pytest.param("roster: [tidak ditutup\n", "not valid YAML", id="invalid-yaml"),
    pytest.param("roster:\n  columns:\n    employee_id: 'NIP\n", "not valid YAML",
                 id="unclosed-quote"),
    pytest.param("- roster\n- csi\n", "YAML table at the top", id="top-is-a-list"),
    pytest.param("", "YAML table at the top", id="empty-file"),
    pytest.param("roster:\n  values: {}\n", "roster", id="section-without-columns"),
    pytest.param("csi: [Nilai]\n", "csi", id="section-is-a-list"),
    pytest.param("roster:\n  columns: [NIP, Nama]\n", "roster", id="columns-is-a-list"),
    pytest.param("roster:\n  columns:\n    employee_id: []\n", "roster.columns.employee_id",
                 id="empty-header-list"),
    pytest.param("roster:\n  columns:\n    employee_id: ~\n", "roster.columns.employee_id",
                 id="null-header-list"),
    pytest.param("interactions:\n  columns:\n    channel: ['']\n", "interactions.columns.channel",
                 id="blank-header"),
    pytest.param("interactions:\n  columns:\n    channel: [Channel, 5]\n",
                 "interactions.columns.channel", id="header-not-text"),
    pytest.param("csi:\n  columns:\n    score: [Nilai]\n  values:\n    score: [1, 2]\n",
                 "csi.values.score", id="values-not-a-table"),
])
def test_unusable_mapping_file_names_the_file_and_the_entry(tmp_path: Path, text: str,
                                                            entry: str) -> None:
    path = tmp_path / "rusak.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as raised:
        load_mapping(str(path))
    message = str(raised.value)
    assert message.startswith("rusak.yaml: ")
    assert entry in message


def test_invalid_yaml_says_where(tmp_path: Path) -> None:
    path = tmp_path / "rusak.yaml"
    path.write_text("name: x\nroster:\n  columns:\n    employee_id: [NIP\n", encoding="utf-8")
    with pytest.raises(MappingError) as raised:
        load_mapping(str(path))
    assert "rusak.yaml" in str(raised.value)
    assert "line" in str(raised.value)

