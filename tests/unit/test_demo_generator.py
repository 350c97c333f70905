"""The demo Omni Channel exports: deterministic, shaped like the real exports, and realistic."""

from __future__ import annotations

import calendar
import csv
import json
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import yaml

from qa_app.demo.generator import (
    DEFAULT_END,
    DEFAULT_SEED,
    DemoExports,
    load_recordings,
    write_demo_exports,
)

MAPPING = (Path(__file__).resolve().parents[2] / "qa_app" / "ingest" / "mappings"
           / "omni_channel.yaml")
PERIOD_START = DEFAULT_END - timedelta(days=16 * 7 - 1)
FAKE_RECORDINGS = {
    "OC-REC-001": {"id": "OC-REC-001", "scenario": "model_call", "title": "Perpanjangan gadai",
                   "channel": "voice", "direction": "inbound", "agent_name": "Rina",
                   "duration": 95.4},
    "OC-REC-002": {"id": "OC-REC-002", "scenario": "complaint_with_ticket", "channel": "voice",
                   "direction": "inbound", "agent_name": "Nobody", "duration": 130.6,
                   "script": [{"speaker": "agent", "text": "nomor tiket ARIANA-851241"}]},
}


@dataclass(frozen=True)
class Exported:
    files: DemoExports
    roster: list[dict[str, str]]
    interactions: list[dict[str, str]]
    csi: list[dict[str, str]]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_fake_recordings(folder: Path) -> Path:
    folder.mkdir()
    for source_id, metadata in FAKE_RECORDINGS.items():
        (folder / f"{source_id}.json").write_text(json.dumps(metadata), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def recordings_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_fake_recordings(tmp_path_factory.mktemp("demo") / "recordings")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, recordings_dir: Path) -> Exported:
    files = write_demo_exports(tmp_path_factory.mktemp("exports"), recordings_dir=recordings_dir)
    return Exported(files, _read(files.roster), _read(files.interactions), _read(files.csi))


def _day(text: str) -> date:
    """DD/MM/YYYY (sliced by hand: strptime is slow over 50,000 rows)."""
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", text), text
    return date(int(text[6:10]), int(text[3:5]), int(text[:2]))


def _moment(text: str) -> datetime:
    """DD/MM/YYYY HH:MM:SS."""
    assert len(text) == 19 and text[10] == " ", text
    hours, minutes, seconds = (int(part) for part in text[11:].split(":"))
    return datetime.combine(_day(text[:10]), time(hours, minutes, seconds))


def _seconds(clock: str) -> int:
    hours, minutes, seconds = (int(part) for part in clock.split(":"))
    return hours * 3600 + minutes * 60 + seconds


def _three_months_after(day: date) -> date:
    year, month = divmod(day.month - 1 + 3, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _by_agent(exported: Exported) -> dict[str, list[datetime]]:
    starts: dict[str, list[datetime]] = defaultdict(list)
    for row in exported.interactions:
        starts[row["ID Agent"]].append(_moment(row["Waktu Mulai"]))
    return starts


# --------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_files_and_another_seed_different_ones(
        tmp_path: Path, recordings_dir: Path) -> None:
    """On three weeks, to keep the test fast: the code path is the same as for sixteen."""
    first, again, other = (
        write_demo_exports(tmp_path / name, seed=seed, weeks=3, recordings_dir=recordings_dir)
        for name, seed in (("first", DEFAULT_SEED), ("again", DEFAULT_SEED),
                           ("other", DEFAULT_SEED + 1)))
    for kind in ("roster", "interactions", "csi"):
        assert getattr(first, kind).read_bytes() == getattr(again, kind).read_bytes()
        assert getattr(first, kind).read_bytes() != getattr(other, kind).read_bytes()


# --------------------------------------------------------------------------- shape of the files


def test_headers_and_coded_words_are_those_the_mapping_accepts(exported: Exported) -> None:
    mapping = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    for kind, rows in (("roster", exported.roster), ("interactions", exported.interactions),
                       ("csi", exported.csi)):
        first_names = [headers[0] for headers in mapping[kind]["columns"].values()]
        assert list(rows[0]) == first_names
    accepted = {(kind, field): {word for words in values.values() for word in words}
                for kind in ("roster", "interactions")
                for field, values in mapping[kind].get("values", {}).items()}
    columns = {("roster", "tier"): "Tier", ("roster", "active"): "Status",
               ("interactions", "channel"): "Channel", ("interactions", "direction"): "Arah",
               ("interactions", "consent"): "Persetujuan Data"}
    for (kind, field), column in columns.items():
        rows = exported.roster if kind == "roster" else exported.interactions
        written = {row[column].lower() for row in rows}
        assert written <= accepted[(kind, field)], (column, written - accepted[(kind, field)])


def test_values_are_in_the_indonesian_export_forms(exported: Exported) -> None:
    row = exported.interactions[0]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", row["Waktu Mulai"])
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d", row["Durasi ACW"]) for row in exported.interactions)
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", row["Tanggal Masuk"]) for row in exported.roster)
    assert all(re.fullmatch(r"PGD\d{5}", row["ID Karyawan"]) for row in exported.roster)
    assert all(re.fullmatch(r"CS-\d+", row["ID Kasus"]) for row in exported.interactions)
    assert all(re.fullmatch(r"SV-\d+", row["ID Survei"]) for row in exported.csi)
    tickets = [row["Nomor Tiket"] for row in exported.interactions if row["Nomor Tiket"]]
    assert all(re.fullmatch(r"ARIANA-\d{6}", ticket) for ticket in tickets)
    assert 0.05 <= len(tickets) / len(exported.interactions) <= 0.11


def test_interaction_ids_are_unique_and_agents_are_in_the_roster(exported: Exported) -> None:
    ids = [row["ID Interaksi"] for row in exported.interactions]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"OC-\d{8}|OC-REC-\d+", source_id) for source_id in ids)
    roster_ids = {row["ID Karyawan"] for row in exported.roster}
    assert {row["ID Agent"] for row in exported.interactions} <= roster_ids


# --------------------------------------------------------------------------- volumes and people


def test_counts(exported: Exported) -> None:
    assert exported.files.agents == len(exported.roster) >= 60
    teams = {row["Tim"]: row["Team Leader"] for row in exported.roster}
    assert len(teams) >= 6 and all(teams.values())
    assert {row["Tier"] for row in exported.roster} == {"Tier 1", "Tier 2"}
    assert exported.files.interactions_count == len(exported.interactions) >= 30_000
    assert exported.files.csi_count == len(exported.csi)
    cases = {row["ID Kasus"] for row in exported.interactions}
    assert 0.20 <= len(exported.csi) / len(cases) <= 0.30
    assert Counter(row["Channel"] for row in exported.interactions).keys() == {
        "Voice", "Chat", "WhatsApp", "Email", "Social Media"}


def test_tenure_new_hires_crossers_and_leavers(exported: Exported) -> None:
    three_months_on = {row["ID Karyawan"]: _three_months_after(_day(row["Tanggal Masuk"]))
                       for row in exported.roster}
    under_three_months = [agent for agent, line in three_months_on.items() if line > DEFAULT_END]
    crossing = [agent for agent, line in three_months_on.items()
                if PERIOD_START <= line <= DEFAULT_END]
    assert len(under_three_months) >= 10
    assert len(crossing) >= 4

    starts = _by_agent(exported)
    leavers = [row for row in exported.roster if row["Status"] == "Resign"]
    assert len(leavers) >= 3
    for row in leavers:
        left = _day(row["Tanggal Keluar"])
        assert PERIOD_START < left <= DEFAULT_END
        assert starts[row["ID Karyawan"]] and max(starts[row["ID Karyawan"]]).date() < left
    assert all(row["Tanggal Keluar"] == "" for row in exported.roster if row["Status"] == "Aktif")


def test_no_interaction_before_the_hire_date(exported: Exported) -> None:
    starts = _by_agent(exported)
    hired_inside = 0
    for row in exported.roster:
        hired = _day(row["Tanggal Masuk"])
        hired_inside += hired >= PERIOD_START
        assert min(starts[row["ID Karyawan"]]).date() >= hired
    assert hired_inside >= 10


def test_daily_and_hourly_volumes(exported: Exported) -> None:
    starts = [_moment(row["Waktu Mulai"]) for row in exported.interactions]
    per_weekday = Counter(moment.weekday() for moment in starts)
    assert min(per_weekday[day] for day in range(5)) > per_weekday[5] > per_weekday[6]
    inbound_hours = Counter(_moment(row["Waktu Mulai"]).hour for row in exported.interactions
                            if row["Arah"] == "Inbound")
    assert set(inbound_hours) <= set(range(7, 22))
    assert min(inbound_hours[hour] for hour in (9, 10, 14)) > max(
        inbound_hours[hour] for hour in (7, 12, 18, 19, 20, 21))


def test_outbound_calls_only_monday_to_saturday_between_8_and_20(exported: Exported) -> None:
    outbound = [row for row in exported.interactions if row["Arah"] == "Outbound"]
    assert len(outbound) > 1000
    for row in outbound:
        started, ended = _moment(row["Waktu Mulai"]), _moment(row["Waktu Selesai"])
        assert started.weekday() != 6
        assert started.hour >= 8 and ended <= ended.replace(hour=20, minute=0, second=0)


# --------------------------------------------------------------------------- handle, response times


def test_voice_handle_time_is_around_the_300_second_target(exported: Exported) -> None:
    voice = [row for row in exported.interactions if row["Channel"] == "Voice"]
    handle = [int(row["Durasi Bicara"]) + int(row["Durasi Hold"]) + _seconds(row["Durasi ACW"])
              for row in voice]
    assert 250 <= statistics.mean(handle) <= 350
    assert 0.6 <= sum(row["Durasi Hold"] == "0" for row in voice) / len(voice) <= 0.8
    for row in voice[:2000]:
        talk_and_hold = int(row["Durasi Bicara"]) + int(row["Durasi Hold"])
        assert _moment(row["Waktu Selesai"]) - _moment(row["Waktu Mulai"]) == timedelta(
            seconds=talk_and_hold)


def test_chat_first_response_is_spread_around_the_300_second_target(exported: Exported) -> None:
    chats = [row for row in exported.interactions if row["Channel"] in ("Chat", "WhatsApp")]
    first_responses = [int(row["Waktu Respons Pertama"]) for row in chats]
    assert statistics.median(first_responses) < 300
    assert 0.05 <= sum(seconds > 300 for seconds in first_responses) / len(chats) <= 0.25
    assert all(row["Durasi Bicara"] == "" for row in chats)


def test_threads_parse_and_match_the_first_response(exported: Exported) -> None:
    for row in exported.interactions:
        if row["Channel"] == "Voice":
            assert row["Percakapan"] == "" and row["Waktu Respons Pertama"] == ""
            continue
        messages = json.loads(row["Percakapan"])
        if row["Channel"] in ("Chat", "WhatsApp"):
            assert 4 <= len(messages) <= 12
        assert {message["sender"] for message in messages} == {"customer", "agent"}
        assert messages[0]["sender"] == "customer"
        sent = [datetime.fromisoformat(message["sent_at"]) for message in messages]
        assert sent == sorted(sent) and all(moment.utcoffset() == timedelta(hours=7)
                                            for moment in sent)
        first_agent = next(moment for moment, message in zip(sent, messages, strict=False)
                           if message["sender"] == "agent")
        assert (first_agent - sent[0]).total_seconds() == int(row["Waktu Respons Pertama"])
        assert sent[0].replace(tzinfo=None) == _moment(row["Waktu Mulai"])
        assert "{" not in row["Percakapan"].replace('{"sender"', "")


# --------------------------------------------------------------------------- recordings, cases, CSI


def test_one_interaction_per_recording(exported: Exported) -> None:
    recorded = {row["ID Interaksi"]: row for row in exported.interactions if row["File Rekaman"]}
    assert set(recorded) == set(FAKE_RECORDINGS)
    tier_1_inbound = {row["ID Karyawan"] for row in exported.roster
                      if row["Tim"].startswith("Inbound")}
    for source_id, row in recorded.items():
        started = _moment(row["Waktu Mulai"])
        assert row["File Rekaman"] == f"{source_id}.wav"
        assert (row["Channel"], row["Arah"]) == ("Voice", "Inbound")
        assert int(row["Durasi Bicara"]) == round(FAKE_RECORDINGS[source_id]["duration"])
        assert started.weekday() < 5 and (DEFAULT_END - started.date()).days < 14
        assert row["ID Agent"] in tier_1_inbound
    model_call, complaint = recorded["OC-REC-001"], recorded["OC-REC-002"]
    assert (model_call["Antrian"], model_call["Kode Wrap Up"]) == ("Gadai Emas", "PERPANJANGAN")
    assert model_call["Nomor Tiket"] == ""
    names = {row["ID Karyawan"]: row["Nama Agent"] for row in exported.roster}
    assert names[model_call["ID Agent"]].startswith("Rina ")  # the agent heard in the call
    assert complaint["Nomor Tiket"] == "ARIANA-851241"
    assert complaint["Kode Wrap Up"].startswith("KOMPLAIN")


def test_without_recordings_none_is_added(tmp_path: Path) -> None:
    exports = write_demo_exports(tmp_path, weeks=1, recordings_dir=tmp_path / "absent")
    assert "OC-REC-" not in exports.interactions.read_text(encoding="utf-8")


def test_recording_metadata_without_duration_is_rejected_by_name(tmp_path: Path) -> None:
    (tmp_path / "OC-REC-777.json").write_text('{"id": "OC-REC-777", "direction": "inbound"}')
    with pytest.raises(ValueError, match="OC-REC-777.json.*duration"):
        load_recordings(tmp_path)


def test_some_cases_span_a_transfer_or_a_callback(exported: Exported) -> None:
    cases: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in exported.interactions:
        cases[row["ID Kasus"]].append(row)
    multi = [rows for rows in cases.values() if len(rows) > 1]
    assert 200 <= len(multi) <= 0.05 * len(cases)
    assert any(rows[0]["Kode Wrap Up"] == "TRANSFER-TIER2" for rows in multi)
    assert any(rows[-1]["Arah"] == "Outbound" for rows in multi)


def test_csi_answers_one_per_case_after_its_last_interaction(exported: Exported) -> None:
    last_of_case: dict[str, dict[str, str]] = {}
    for row in exported.interactions:
        last_of_case[row["ID Kasus"]] = row  # rows are in time order
    answered_cases = [row["ID Kasus"] for row in exported.csi]
    assert len(answered_cases) == len(set(answered_cases))
    for answer in exported.csi:
        last = last_of_case[answer["ID Kasus"]]
        assert answer["ID Interaksi"] == last["ID Interaksi"]
        delay = _moment(answer["Waktu Jawab"]) - _moment(last["Waktu Selesai"])
        assert timedelta(minutes=1) <= delay <= timedelta(minutes=60)
    scores = Counter(int(answer["Nilai"]) for answer in exported.csi)
    assert set(scores) == {1, 2, 3, 4, 5}
    assert scores[5] > scores[4] > scores[3] > scores[2] and scores[1] < scores[3]
    commented = sum(bool(answer["Komentar"]) for answer in exported.csi) / len(exported.csi)
    assert 0.2 <= commented <= 0.4


def test_complaints_score_lower(exported: Exported) -> None:
    code_of = {row["ID Interaksi"]: row["Kode Wrap Up"] for row in exported.interactions}
    complaint, other = [], []
    for answer in exported.csi:
        bucket = complaint if code_of[answer["ID Interaksi"]].startswith("KOMPLAIN") else other
        bucket.append(int(answer["Nilai"]))
    assert statistics.mean(complaint) + 0.5 < statistics.mean(other)


def test_consent_is_mostly_given(exported: Exported) -> None:
    voice = [row["Persetujuan Data"] for row in exported.interactions if row["Channel"] == "Voice"]
    shares = {word: count / len(voice) for word, count in Counter(voice).items()}
    assert shares["Setuju"] > 0.9
    assert 0.01 <= shares["Menolak"] <= 0.04 and 0.03 <= shares[""] <= 0.08
