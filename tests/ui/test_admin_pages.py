"""Admin pages: accounts, the audit log and the personal-data page, driven as a person would."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.db.auth_models import AppSetting, AuditEvent, UserAccount
from qa_app.db.models import Interaction
from qa_app.ingest.service import ImportReport

ImportBytes = Callable[[str, str, bytes], ImportReport]


@pytest.fixture
def admin(app: AppTest, login: Callable[..., AppTest], import_bytes: ImportBytes,
          roster_csv: bytes, interactions_csv: bytes) -> AppTest:
    import_bytes("roster", "roster.csv", roster_csv)
    import_bytes("interactions", "interactions.csv", interactions_csv)
    login(app, "admin")
    return app.run()


def test_admin_creates_a_team_lead_who_must_change_the_shown_password(admin: AppTest,
                                                                      engine: Engine) -> None:
    admin.switch_page("../pages/users.py").run()
    form = admin.get("form")[0]
    form.text_input[0].set_value("hendra")
    form.text_input[1].set_value("Hendra Wijaya")
    form.selectbox[0].set_value("team_lead")
    form.multiselect[0].set_value(["Tim Gadai"])
    form.button[0].click()
    admin.run()

    assert not admin.exception and not admin.error
    assert [s.value for s in admin.success] == ["Akun hendra dibuat."]
    temporary = admin.code[0].value
    assert len(temporary) == 14
    table = admin.dataframe[0].value
    row = table[table["Nama pengguna"] == "hendra"].iloc[0]
    assert (row["Nama"], row["Peran"], row["Tim"], row["Wajib ganti kata sandi"]) == (
        "Hendra Wijaya", "Team Leader", "Tim Gadai", "Ya")
    with Session(engine) as session:
        user = session.scalars(select(UserAccount).where(UserAccount.username == "hendra")).one()
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "user_change")
                                .order_by(AuditEvent.id.desc())).first()
    assert user.password_hash and temporary not in user.password_hash
    assert event is not None and (event.username, event.target_id) == ("admin", "hendra")


def test_a_duplicate_username_is_explained(admin: AppTest) -> None:
    admin.switch_page("../pages/users.py").run()
    form = admin.get("form")[0]
    form.text_input[0].set_value("admin")
    form.button[0].click()
    admin.run()
    assert [e.value for e in admin.error] == ["Nama pengguna 'admin' kosong atau sudah dipakai."]


def test_the_new_user_form_preselects_no_role_and_asks_for_one(admin: AppTest,
                                                                 engine: Engine) -> None:
    admin.switch_page("../pages/users.py").run()
    form = admin.get("form")[0]
    role = form.selectbox[0]
    assert role.value is None and role.placeholder == "Pilih peran…"
    form.text_input[0].set_value("baru")
    form.button[0].click()
    admin.run()

    assert [e.value for e in admin.error] == ["Pilih peran untuk akun baru."]
    with Session(engine) as session:
        assert session.scalars(select(UserAccount).where(UserAccount.username == "baru")).first() \
            is None


def test_the_audit_page_shows_names_words_and_jakarta_times(admin: AppTest) -> None:
    admin.switch_page("../pages/users.py").run()
    form = admin.get("form")[0]
    form.text_input[0].set_value("hendra")
    form.text_input[1].set_value("Hendra Wijaya")
    form.selectbox[0].set_value("team_lead")
    form.button[0].click()
    admin.run()
    admin.switch_page("../pages/audit_log.py").run()

    table = admin.dataframe[0].value
    created = table[table["Aktivitas"] == "Perubahan pengguna"].iloc[0]
    assert created["Pengguna"] == "Admin"  # the account's name (make_user titles it)
    assert created["Objek"] == "Pengguna Hendra Wijaya"
    assert created["Rincian"] == "Perubahan: dibuat · Peran: Team Leader · Tim: —"
    assert created["Hasil"] == "Berhasil"
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}", created["Waktu"])


def test_audit_page_filters_by_activity(admin: AppTest) -> None:
    admin.switch_page("../pages/audit_log.py").run()
    assert not admin.exception
    admin.multiselect(key="audit_actions").set_value(["user_change"]).run()
    table = admin.dataframe[0].value
    assert set(table["Aktivitas"]) == {"Perubahan pengguna"}
    assert admin.caption[0].value == f"{len(table)} entri"


def test_privacy_page_saves_policy_and_consent_with_audit(admin: AppTest, engine: Engine) -> None:
    admin.switch_page("../pages/privacy.py").run()
    policy_form, consent_form = admin.get("form")[:2]
    policy_form.number_input[0].set_value(90)
    policy_form.button[0].click()
    admin.run()
    assert [s.value for s in admin.success] == [
        "Kebijakan disimpan dan dicatat di log audit."]

    consent_form = admin.get("form")[1]
    consent_form.text_input[0].set_value("OC-2")
    consent_form.selectbox[0].set_value("refused")
    consent_form.text_input[1].set_value("Nasabah menolak saat panggilan, tiket ARIANA-1")
    consent_form.button[0].click()
    admin.run()
    assert "Persetujuan interaksi OC-2 disimpan: Menolak." in [s.value for s in admin.success]

    with Session(engine) as session:
        assert session.scalars(select(Interaction.consent)
                               .where(Interaction.source_id == "OC-2")).one() == "refused"
        stored = session.get(AppSetting, "privacy_policy")
        assert stored is not None and stored.value["retention_recordings_days"] == 90
        changes = [e.action for e in session.scalars(
            select(AuditEvent).where(AuditEvent.username == "admin"))]
    assert {"setting_change", "consent_change"} <= set(changes)


def test_unknown_interaction_for_consent_is_named(admin: AppTest) -> None:
    admin.switch_page("../pages/privacy.py").run()
    consent_form = admin.get("form")[1]
    consent_form.text_input[0].set_value("OC-404")
    consent_form.text_input[1].set_value("uji")
    consent_form.button[0].click()
    admin.run()
    assert "OC-404" in admin.error[0].value and "unknown" in admin.error[0].value
