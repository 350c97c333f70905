"""The words for stored codes, the one date format and the center's time zone, and errors
that carry a catalog key instead of English text."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from qa_app import vocabulary
from qa_app.auth import audit_text
from qa_app.db.auth_models import AuditEvent
from qa_app.i18n import LANGUAGES, catalog
from qa_app.i18n.dates import day_text, moment_text, month_text
from qa_app.i18n.errors import MessageError
from qa_app.i18n.labels import EMPTY, key_of, label_of, yes_no
from qa_app.sampling.reassign import AssignmentError
from qa_app.sampling.weeks import IsoWeek, WeekError
from qa_app.vocabulary import Channel, HumanAnswer, Role, SampleKind
from qa_app.web import words

JAKARTA = ZoneInfo("Asia/Jakarta")
QA_APP = Path(__file__).resolve().parents[2] / "qa_app"
ENUMS = [member for member in vars(vocabulary).values()
         if isinstance(member, type) and issubclass(member, StrEnum) and member is not StrEnum]


def test_the_vocabulary_has_enums_to_label() -> None:
    assert {Role, Channel, SampleKind, HumanAnswer} <= set(ENUMS)


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("kind", ENUMS, ids=lambda kind: kind.__name__)
def test_every_member_of_every_vocabulary_enum_has_a_word(kind: type[StrEnum],
                                                          language: str) -> None:
    entries = catalog(language)
    missing = [member.value for member in kind if key_of(member) not in entries]
    assert missing == []


@pytest.mark.parametrize(("kind", "code", "language", "word"), [
    (Channel, "voice", "id", "Telepon"),
    (Channel, "social", "en", "Social media"),
    (SampleKind, "targeted", "id", "Tertarget"),
    (SampleKind, "random", "en", "Random"),
    (HumanAnswer, "partial", "id", "Sebagian"),
    (HumanAnswer, "no", "id", "Tidak"),
    (Role, "team_lead", "id", "Team Leader"),
    (Channel, None, "id", EMPTY),
    (Channel, "", "id", EMPTY),
    (Channel, "fax", "id", "fax"),  # an old code still stored: shown, not dropped
])
def test_label_of_a_stored_code(kind: type[StrEnum], code: str | None, language: str,
                                word: str) -> None:
    assert label_of(kind, code, language) == word


def test_key_of_snake_cases_the_enum_name() -> None:
    assert key_of(vocabulary.ConsentState.GIVEN) == "vocab.consent_state.given"
    assert key_of(vocabulary.RunOutcome.SUPERSEDED) == "vocab.run_outcome.superseded"


@pytest.mark.parametrize(("value", "language", "word"), [
    (True, "id", "Ya"), (False, "id", "Tidak"), (True, "en", "Yes"), (None, "id", EMPTY)])
def test_yes_no(value: bool | None, language: str, word: str) -> None:
    assert yes_no(value, language) == word


@pytest.mark.parametrize(("channel", "direction", "language", "text"), [
    ("voice", "inbound", "id", "Telepon masuk"),
    ("whatsapp", "outbound", "id", "WhatsApp keluar"),
    ("voice", "inbound", "en", "Voice inbound"),
    ("email", None, "id", "E-mail"),
])
def test_channel_with_its_direction(channel: str, direction: str | None, language: str,
                                    text: str) -> None:
    assert words.channel_direction(channel, direction, language) == text


@pytest.mark.parametrize(("day", "text"), [
    (date(2026, 11, 3), "03/11/2026"),
    ("2026-11-03", "03/11/2026"),
    ("2026-11-03T08:15:00+07:00", "03/11/2026"),
    (date(2026, 1, 9), "09/01/2026"),
    (None, EMPTY),
])
def test_day_text_is_dd_mm_yyyy(day: date | str | None, text: str) -> None:
    assert day_text(day) == text


@pytest.mark.parametrize(("moment", "seconds", "text"), [
    # 17:30 UTC is 00:30 the next day in Jakarta (UTC+7): the date moves too
    (datetime(2026, 11, 3, 17, 30, tzinfo=UTC), False, "04/11/2026 00:30"),
    (datetime(2026, 11, 3, 2, 5, 9, tzinfo=UTC), True, "03/11/2026 09:05:09"),
    (datetime(2026, 11, 3, 2, 5), False, "03/11/2026 09:05"),  # naive: stored UTC
    (None, False, EMPTY),
])
def test_moment_text_is_in_jakarta(moment: datetime | None, seconds: bool, text: str) -> None:
    assert moment_text(moment, JAKARTA, seconds=seconds) == text


def test_moment_text_follows_the_zone_it_is_given() -> None:
    at = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
    assert moment_text(at, ZoneInfo("Asia/Makassar")) == "03/11/2026 10:00"


def test_an_error_carries_its_key_and_reads_in_both_languages() -> None:
    error = AssignmentError("sampling.error.reason_required", id=2572)
    assert isinstance(error, MessageError) and isinstance(error, ValueError)
    assert (error.key, error.params) == ("sampling.error.reason_required", {"id": 2572})
    assert error.text("id") == "Sampel #2572: isi alasan pemindahan."
    assert str(error) == "sample #2572: give a reason for the reassignment"  # the CLI's


def test_a_domain_error_names_the_input_in_the_users_language() -> None:
    with pytest.raises(WeekError) as refused:
        IsoWeek.parse("2026-47")
    assert refused.value.text("id") == ("Minggu '2026-47': tulis sebagai YYYY-Www, "
                                        "misalnya 2026-W47.")


ERRORS = {"AssignmentError", "DrawError", "VerifyError", "WeekError", "AbsenceError",
          "FilterError", "QueryError", "CoachingError", "AccountError"}


def message_keys() -> set[str]:
    """The catalog keys the domain's errors are raised with (literal first arguments; the
    one key built from a field name is expanded by hand)."""
    keys = {"search.error.prescore_range", "search.error.final_score_range"}
    for path in QA_APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ERRORS \
                    and node.args and isinstance(node.args[0], ast.Constant):
                keys.add(str(node.args[0].value))
    return keys


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_message_key_a_domain_error_uses_is_in_the_catalog(language: str) -> None:
    keys = message_keys()
    assert {"sampling.error.reason_required", "search.error.no_words",
            "words.users.role_required", "coaching.error.no_action"} <= keys
    assert sorted(key for key in keys if key not in catalog(language)) == []


def event(action: str, details: dict[str, object], **fields: object) -> AuditEvent:
    values: dict[str, object] = {"username": "ratna", "outcome": "ok", **fields}
    return AuditEvent(at=datetime(2026, 11, 24, 2, 0, tzinfo=UTC), action=action,
                      details=details, **values)


@pytest.mark.parametrize(("entry", "text"), [
    (event("user_change", {"change": "role", "from": "qco", "to": "qco_lead"}),
     "Perubahan: peran · Dari: QCO · Ke: QCO Lead"),
    (event("assignment_change", {"from": 7, "to": 8, "reason": "cuti sakit"}),
     "Dari: Dewi Anggraini · Alasan: cuti sakit · Ke: #8"),  # 8: an account since removed
    (event("assignment_change", {"absent_from": "2026-11-23", "absent_to": "2026-11-29",
                                 "note": ""}),
     "Absen dari: 23/11/2026 · Absen sampai: 29/11/2026 · Catatan: —"),
    (event("setting_change", {"exclude_refused_consent": {"from": False, "to": True}}),
     "Kecualikan persetujuan ditolak: Tidak → Ya"),
    (event("search", {"query": "kode otp", "fuzzy": True, "filters": {"channels": ["voice"]}}),
     "Filter: Kanal: Telepon · Mirip: Ya · Kata dicari: kode otp"),
    (event("purge", {}), ""),
    (event("risk_flag", {"decision": "sent", "interaction": "OC-REC-007", "sample": 41,
                         "reviewer_id": 7}),
     "Keputusan: Dikirim ke penilaian terarah · Interaksi: OC-REC-007 · QCO: Dewi Anggraini"
     " · Sampel: 41"),
    (event("export", {"format": "wav", "redacted": True, "spans": 2, "seconds": 3.4,
                      "recipient": "auditor"}),
     "Format: wav · Penerima: auditor · Disamarkan: Ya · Detik disamarkan: 3.4"
     " · Bagian disamarkan: 2"),
])
def test_audit_details_read_as_words(entry: AuditEvent, text: str) -> None:
    assert audit_text.details_text(entry, "id", {7: "Dewi Anggraini"}) == text


def test_audit_rows_name_people_objects_and_outcomes_in_jakarta_time() -> None:
    entries = [event("export", {"rows": 3}, target_kind="audit_log"),
               event("login_failure", {"reason": "locked"}, username="demo", outcome="denied"),
               event("user_change", {}, target_kind="user", target_id="dewi")]
    rows = audit_text.readable_rows(entries, JAKARTA, "id",
                                    {"ratna": "Ratna Kusuma", "dewi": "Dewi Anggraini"}, {})
    assert [row[:5] for row in rows] == [
        ("24/11/2026 09:00:00", "Ratna Kusuma", "Ekspor", "Log audit", "Berhasil"),
        ("24/11/2026 09:00:00", "Data demo", "Login gagal", "", "Ditolak"),
        ("24/11/2026 09:00:00", "Ratna Kusuma", "Perubahan pengguna", "Pengguna Dewi Anggraini",
         "Berhasil")]
    assert rows[1][5] == "Alasan: terkunci"


@pytest.mark.parametrize(("month", "language", "expected"), [
    ("2026-11", "id", "November 2026"), ("2026-08", "id", "Agustus 2026"),
    ("2027-01", "en", "January 2027")])
def test_a_report_month_is_written_in_words(month: str, language: str, expected: str) -> None:
    assert month_text(month, language) == expected
