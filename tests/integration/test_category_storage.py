"""Call categories on both databases: a pre-score tags the call, a new version re-tags every
call (the seed file is stored once, and again only when its version goes up), the shares and
the drill-down keep to the role's scope, adding a category is the lead's and audited, and the
0013 migration goes down and up."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, inspect, select
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db import migrate
from qa_app.db.auth_models import AuditEvent
from qa_app.db.category_models import CategorySetVersion, CategoryTagging, InteractionCategory
from qa_app.db.models import Agent, Interaction, Team
from qa_app.db.session import build_engine
from qa_app.db.work_models import Transcript
from qa_app.privacy.policy import update_policy
from qa_app.queue import ledger
from qa_app.queue.runner import run_batch
from qa_app.scoring.category_set import SEED_PATH, load_category_set
from qa_app.services import category_tagging
from qa_app.services.categories import add_category, category_calls, category_overview
from qa_app.services.category_tagging import current_categories, retag_pending
from qa_app.services.requester import Requester
from tests.conftest import CliRun, World

WEEK = date(2026, 11, 16)
NOW = datetime(2026, 11, 20, tzinfo=UTC)
SETTINGS = Settings()


def _transcript(session: Session, interaction_id: int,
                turns: list[tuple[str, float, str]]) -> None:
    session.add(Transcript(interaction_id=interaction_id, model="test", duration=90.0,
                           speakers_separated=True, unmasked_document=None, created_at=NOW,
                           document={"duration": 90.0, "turns": [
                               {"speaker": s, "start": a, "end": a + 4, "text": said}
                               for s, a, said in turns]}))


@pytest.fixture
def calls(engine: Engine, world: World) -> World:
    """OC-G1-0: the PDS app fails, a callback promised; OC-G1-1 (a chat): an auction;
    OC-D1-0: the agent asks for the OTP; OC-G2-0: a warning about the OTP only. The rest
    have no words to tag."""
    ids = world.interaction_ids
    with Session(engine) as session, session.begin():
        _transcript(session, ids["OC-G1-0"], [
            ("agent", 0.0, "Selamat pagi, dengan Sari, ada yang bisa dibantu?"),
            ("customer", 6.0, "Aplikasi PDS saya tidak bisa login terus"),
            ("agent", 40.0, "Baik Bapak, nanti kami hubungi kembali")])
        chat = session.get_one(Interaction, ids["OC-G1-1"])
        chat.channel, chat.chat_messages = "whatsapp", [
            {"sender": "customer", "sent_at": "2026-11-16T10:00:00+07:00",
             "text": "Kak, emas saya mau dilelang, WA saya 081234567890"},
            {"sender": "agent", "sent_at": "2026-11-16T10:01:00+07:00",
             "text": "Baik Kak, kami cek jadwal lelangnya"}]
        _transcript(session, ids["OC-D1-0"], [
            ("agent", 2.0, "Selamat siang, dengan Dodi"),
            ("agent", 20.0, "Mohon sebutkan kode OTP yang masuk ke ponsel Ibu")])
        _transcript(session, ids["OC-G2-0"], [
            ("agent", 2.0, "Jangan berikan kode OTP kepada siapa pun ya Bu")])
    return world


def _tags(engine: Engine) -> set[tuple[int, str]]:
    with Session(engine) as session:
        return {(i, c) for i, c in session.execute(select(InteractionCategory.interaction_id,
                                                         InteractionCategory.category_id))}


def test_a_prescore_tags_the_call_with_the_turn_and_second(engine: Engine,
                                                           calls: World) -> None:
    from qa_app.worker.tasks import install_handlers

    install_handlers()
    ids = calls.interaction_ids
    wanted = [ids[name] for name in ("OC-G1-0", "OC-G1-1", "OC-G2-0")]
    with Session(engine) as session, session.begin():
        job_ids, _ = ledger.request_jobs(session, "prescore", wanted, "test")
    results = run_batch(engine, SETTINGS, job_ids, "worker-a", 60)
    assert [result.status for _, result in results] == ["done"] * 3
    with Session(engine) as session:
        rows = session.scalars(select(InteractionCategory)
                               .order_by(InteractionCategory.interaction_id,
                                         InteractionCategory.category_id)).all()
        stored = session.scalars(select(CategorySetVersion)).one()
        tagged = set(session.scalars(select(CategoryTagging.interaction_id)))
    assert (stored.source, stored.version) == ("file", load_category_set().version)
    assert stored.content_hash == load_category_set().content_hash()
    found = {(r.interaction_id, r.category_id): (r.turn_index, r.speaker, r.second, r.evidence)
             for r in rows}
    assert found == {
        (ids["OC-G1-0"], "pds_app_problem"): (1, "customer", 6.0,
                                              "Aplikasi PDS saya tidak bisa login terus"),
        (ids["OC-G1-0"], "promised_callback"): (2, "agent", 40.0,
                                                "Baik Bapak, nanti kami hubungi kembali"),
        # a chat's words are masked on the way in
        (ids["OC-G1-1"], "auction"): (0, "customer", 0.0,
                                      "Kak, emas saya mau dilelang, WA saya [PHONE]")}
    assert tagged == set(wanted)  # the warning's call: tagged, with no category
    # a second pre-score replaces the tags, it does not add to them
    with Session(engine) as session, session.begin():
        again, _ = ledger.request_jobs(session, "prescore", wanted[:1], "test")
    run_batch(engine, SETTINGS, again, "worker-a", 60)
    assert len(_tags(engine)) == 3


def test_a_new_version_retags_every_call(engine: Engine, calls: World, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    ids = calls.interaction_ids
    first = retag_pending(engine, SETTINGS)
    assert (first.tagged, first.left) == (4, 0)  # the four with words; the rest have none
    assert (ids["OC-D1-0"], "credential_request") in _tags(engine)
    assert (ids["OC-G2-0"], "credential_request") not in _tags(engine)
    assert retag_pending(engine, SETTINGS).tagged == 0  # nothing left to do

    lead = Requester(calls.users["qcolead"], session_id="s-1")
    with Session(engine) as session, session.begin():
        added = add_category(session, lead, "Jadwal lelang", "cek jadwal lelang", "agent")
    assert added.version == 2
    with Session(engine) as session:
        overview = category_overview(session, calls.users["manager"], SETTINGS, WEEK, WEEK)
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "category_change")).one()
    assert (overview.version, overview.progress.tagged, overview.progress.total) == (2, 0, 4)
    assert overview.shares.empty  # no call carries version 2's tags yet
    assert (event.username, event.target_id, event.details["category"]) == (
        "qcolead", "2", "jadwal_lelang")

    second = retag_pending(engine, SETTINGS, batch=3)  # in two batches
    assert (second.version, second.tagged, second.left) == (2, 4, 0)
    assert (ids["OC-G1-1"], "jadwal_lelang") in _tags(engine)
    with Session(engine) as session:
        versions = set(session.scalars(select(CategoryTagging.set_version_id)))
        assert versions == {current_categories(session).version_id}
        # the repository's seed (version 1), unchanged, does not undo the lead's version 2
        assert current_categories(session).categories.version == 2
    # a changed file becomes the next version (stored as written, then with the lead's
    # category kept), and every call is tagged again
    edited = tmp_path / "edited.yaml"
    edited.write_text(SEED_PATH.read_text(encoding="utf-8").replace(
        "emas saya dilelang]", "emas saya dilelang, lelang emas]", 1), encoding="utf-8")
    monkeypatch.setattr(category_tagging, "SEED_PATH", edited)  # the file, edited
    with Session(engine) as session, session.begin():
        changed = current_categories(session)
    assert changed.categories.version == 4
    assert {c.id for c in changed.categories.categories} >= {"auction", "jadwal_lelang"}
    with Session(engine) as session:
        assert [(row.version, row.source) for row in session.scalars(
            select(CategorySetVersion).order_by(CategorySetVersion.version))] == [
            (1, "file"), (2, "page"), (3, "file"), (4, "page")]
    with Session(engine) as session, session.begin():  # read again: nothing new stored
        assert current_categories(session).categories.version == 4
    assert retag_pending(engine, SETTINGS).tagged == 4
    assert (ids["OC-G1-1"], "jadwal_lelang") in _tags(engine)
    # a file whose version goes above the current one is stored under its own number
    newer = tmp_path / "categories.yaml"
    newer.write_text(SEED_PATH.read_text(encoding="utf-8").replace("version: 1", "version: 9",
                                                                   1), encoding="utf-8")
    monkeypatch.setattr(category_tagging, "SEED_PATH", newer)
    with Session(engine) as session, session.begin():
        assert current_categories(session).categories.version == 10  # 9, then the lead's
    assert retag_pending(engine, SETTINGS).tagged == 4


def test_refused_consent_is_not_tagged_when_the_policy_excludes_it(engine: Engine,
                                                                   calls: World) -> None:
    with Session(engine) as session, session.begin():
        session.get_one(Interaction, calls.interaction_ids["OC-D1-0"]).consent = "refused"
        update_policy(session, SETTINGS, "test", exclude_refused_consent=True)
    assert retag_pending(engine, SETTINGS).tagged == 3
    assert not {c for i, c in _tags(engine) if i == calls.interaction_ids["OC-D1-0"]}


def test_shares_and_calls_keep_to_the_scope(engine: Engine, calls: World) -> None:
    retag_pending(engine, SETTINGS)
    ids = calls.interaction_ids
    with Session(engine) as session, session.begin():
        manager = category_overview(session, calls.users["manager"], SETTINGS, WEEK, WEEK)
        lead = category_overview(session, calls.users["teamlead"], SETTINGS, WEEK, WEEK)
        agent = category_overview(session, calls.users["agent"], SETTINGS, WEEK, WEEK)
        team_calls = category_calls(session, calls.users["teamlead"], SETTINGS,
                                    "credential_request", WEEK, session_id="s-2")
        all_calls = category_calls(session, calls.users["qcolead"], SETTINGS,
                                   "credential_request", WEEK)
        own = category_calls(session, calls.users["agent"], SETTINGS, "auction", WEEK)
    share = {(r.team, r.category_id): (r.calls, r.tagged)
             for r in manager.shares.itertuples()}
    assert share[("Tim Gadai", "pds_app_problem")] == (3, 1)
    assert share[("Tim Digital", "credential_request")] == (1, 1)
    assert {team for _, team in lead.teams} == {"Tim Gadai"}
    assert set(lead.shares["team"]) == {"Tim Gadai"}
    assert lead.progress.total == 3 and manager.progress.total == 4
    assert set(agent.shares["calls"]) == {2}  # G1's own two calls
    assert team_calls == ()  # the OTP request was Tim Digital's
    assert [(c.source_id, c.second, c.speaker) for c in all_calls] == [
        ("OC-D1-0", 20.0, "agent")]
    assert all_calls[0].sample_id is not None  # sampled: the review can be opened
    assert [c.interaction_id for c in own] == [ids["OC-G1-1"]]
    with Session(engine) as session:
        views = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "transcript_view", AuditEvent.target_kind == "category")
            .order_by(AuditEvent.id)).all()
    assert [(v.username, v.target_id, v.details["calls"]) for v in views] == [
        ("teamlead", "credential_request", 0), ("qcolead", "credential_request", 1),
        ("agent", "auction", 1)]
    assert views[0].session_id == "s-2"


def test_only_the_lead_adds_a_category(engine: Engine, calls: World) -> None:
    for username in ("manager", "teamlead"):
        with Session(engine) as session, session.begin(), pytest.raises(PermissionError):
            add_category(session, Requester(calls.users[username]), "Promo", "promo emas",
                         "any")
    with Session(engine) as session:
        assert session.scalars(select(CategorySetVersion.version)).all() in ([], [1])


def test_a_purged_transcript_takes_its_tags_along(engine: Engine, calls: World) -> None:
    retag_pending(engine, SETTINGS)
    ids = calls.interaction_ids
    with Session(engine) as session, session.begin():
        session.execute(delete(Transcript).where(Transcript.interaction_id == ids["OC-D1-0"]))
    assert not {c for i, c in _tags(engine) if i == ids["OC-D1-0"]}
    with Session(engine) as session:
        assert session.get(CategoryTagging, ids["OC-D1-0"]) is None


def test_migration_0014_down_and_up(engine: Engine) -> None:
    tables = {"category_set_version", "category_tagging", "interaction_category"}
    every = set(inspect(engine).get_table_names())
    assert tables <= every
    migrate.downgrade(engine, "0013_risk_flags")
    assert not tables & set(inspect(engine).get_table_names())
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) == every


def test_the_command_line_lists_the_categories_and_retags(tmp_path: Path,
                                                          qa_cli: CliRun) -> None:
    url = f"sqlite:///{tmp_path / 'qa.sqlite'}"
    engine = build_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as session, session.begin():
        agent = Agent(employee_id="PGD001", name="Sari", hire_date=date(2025, 1, 6), tier=1,
                      team=Team(name="Tim Gadai"), row_hash=0)
        session.add(agent)
        session.flush()
        call = Interaction(source_id="OC-1", agent_id=agent.id, channel="voice",
                           direction="inbound", started_at=NOW,
                           ended_at=NOW + timedelta(minutes=3), consent="given", row_hash=0)
        session.add(call)
        session.flush()
        _transcript(session, call.id, [("agent", 3.0, "Mohon sebutkan kode OTP Bapak")])
        call_id = call.id
    engine.dispose()
    listed = qa_cli(tmp_path, "categories", QA_DATABASE_URL=url)
    assert listed.returncode == 0, listed.stderr
    assert "credential_request\tAgent meminta OTP / PIN" in listed.stdout.splitlines()
    assert "0 of 1 calls tagged" in listed.stderr
    retagged = qa_cli(tmp_path, "categories", "--retag", QA_DATABASE_URL=url)
    assert retagged.returncode == 0, retagged.stderr
    assert "1 calls tagged, 0 left" in retagged.stdout
    assert (call_id, "credential_request") in _tags(build_engine(url))


def test_the_retagging_duty_is_due_every_minute_and_runs_alone(
        queue: str, caplog: pytest.LogCaptureFixture) -> None:
    from qa_app.queue.dispatch import task_queue
    from qa_app.worker.tasks import install_periodic_tasks

    tasks = task_queue()
    install_periodic_tasks(tasks, SETTINGS)
    due = tasks.huey.read_periodic(datetime(2026, 12, 2, 4, 17))
    assert [t.name for t in due] == ["retag_categories"]
    with tasks.huey.lock_task("retag_categories"):  # a run in progress elsewhere
        assert tasks.huey.execute(due[0]) is None
    assert "unable to acquire lock retag_categories" in caplog.text  # this one did not start
