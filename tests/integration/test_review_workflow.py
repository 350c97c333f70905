"""The review workflow on both databases: finalize, lock, revise, history, scope, audit,
time spent and the training-data export."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.auth.scope import OutOfScope, scoped_select
from qa_app.db.auth_models import AuditEvent
from qa_app.db.review_models import Evaluation
from qa_app.db.sampling_models import Sample
from qa_app.review import access, revisions, service
from qa_app.review.errors import FinalizeRefused, Locked, NotAllowed, NotReady
from qa_app.review.training import training_examples, training_rows
from qa_app.scoring.demo_truth import DEMO_RECORDINGS
from tests.factories.review_samples import OPENED, complete, open_as


def test_finalize_locks_and_a_lead_correction_makes_a_new_revision(engine: Engine, world,
                                                                   staged) -> None:
    qco, lead = world.users["qco1"], world.users["qcolead"]
    screen = open_as(engine, qco, staged["OC-REV-1"])
    with Session(engine) as session, session.begin():
        revisions.finalize(session, qco, screen.evaluation_id, screen.version,
                           complete(screen, O1=("partial", "salam tanpa nama")),
                           now=OPENED + timedelta(minutes=7), sitting_started_at=OPENED)
    final = open_as(engine, qco, staged["OC-REV-1"])
    assert (final.status, final.revision, final.may_edit, final.may_revise) == (
        "final", 1, False, False)
    assert final.seconds_spent == 420.0 and final.finalized_at == OPENED + timedelta(minutes=7)
    with Session(engine) as session, session.begin(), pytest.raises(Locked):
        revisions.save_draft(session, qco, final.evaluation_id, final.version,
                             complete(final), now=OPENED, sitting_started_at=None)
    with Session(engine) as session, session.begin(), pytest.raises(NotAllowed):
        revisions.revise(session, qco, final.evaluation_id, final.version, complete(final),
                         kind="dispute", reason="agen keberatan", now=OPENED)

    as_lead = open_as(engine, lead, staged["OC-REV-1"])
    assert as_lead.may_revise
    with Session(engine) as session, session.begin():
        revisions.revise(session, lead, as_lead.evaluation_id, as_lead.version,
                         complete(as_lead, O1=("yes", "salam lengkap di detik 0")),
                         kind="dispute", reason="sanggahan agen diterima",
                         now=OPENED + timedelta(days=1))
    corrected = open_as(engine, lead, staged["OC-REV-1"])
    assert (corrected.status, corrected.revision, corrected.score) == ("final", 2, 100.0)
    first, second = corrected.history
    assert (first.revision.kind, first.revision.by) == ("final", "qco1")
    assert [(c.item, c.before, c.after, c.machine, c.reason) for c in first.changes][0] == (
        "O1", "no", "partial", "no", "salam tanpa nama")
    assert (second.revision.kind, second.revision.by, second.revision.reason) == (
        "dispute", "qcolead", "sanggahan agen diterima")
    assert [(c.item, c.before, c.after) for c in second.changes] == [("O1", "partial", "yes")]
    with Session(engine) as session:
        changes = [e.details for e in session.scalars(select(AuditEvent).where(
            AuditEvent.action == "score_change").order_by(AuditEvent.id))]
        assert session.get_one(Sample, staged["OC-REV-1"]).status == "final"
    assert [(c["kind"], c["items"], c["reason"]) for c in changes] == [
        ("final", ["D1", "K2", "K5", "O1", "S1"], None),
        ("dispute", ["O1"], "sanggahan agen diterima")]


def test_who_reads_which_evaluation(engine: Engine, world, staged) -> None:
    qco = world.users["qco1"]
    screen = open_as(engine, qco, staged["OC-REV-1"])
    open_as(engine, world.users["qco2"], staged["OC-REV-3"])

    def visible_to(username: str) -> set[str]:
        with Session(engine) as session:
            return {row.week + ":" + str(row.agent_id) for row in session.scalars(
                scoped_select(world.users[username], Evaluation))}

    g1, d1 = f"2026-W47:{world.agent_ids['G1']}", f"2026-W47:{world.agent_ids['D1']}"
    drafts = {"qco1": {g1}, "qco2": {d1}, "qcolead": {g1, d1}, "manager": {g1, d1},
              "teamlead": set(), "agent": set(), "admin": set()}
    assert {name: visible_to(name) for name in drafts} == drafts
    with Session(engine) as session, session.begin():
        revisions.finalize(session, qco, screen.evaluation_id, screen.version,
                           complete(screen), now=OPENED, sitting_started_at=None)
    assert visible_to("teamlead") == {g1} and visible_to("agent") == {g1}
    with Session(engine) as session, session.begin(), pytest.raises(OutOfScope):
        service.open_review(session, world.users["qco2"], staged["OC-REV-1"], OPENED)


def test_finalize_refuses_unanswered_manual_items_and_a_not_ready_sample_cannot_open(
        engine: Engine, world, staged) -> None:
    qco = world.users["qco1"]
    screen = open_as(engine, qco, staged["OC-REV-1"])
    with Session(engine) as session, session.begin(), pytest.raises(FinalizeRefused) as refused:
        revisions.finalize(session, qco, screen.evaluation_id, screen.version,
                           revisions.Submission(screen.answers), now=OPENED,
                           sitting_started_at=None)
    assert [(p.code, p.item) for p in refused.value.problems] == [
        ("unanswered", "S1"), ("unanswered", "K2"), ("unanswered", "K5"), ("unanswered", "D1")]
    with Session(engine) as session, session.begin(), pytest.raises(NotReady):
        service.open_review(session, qco, staged["OC-REV-2"], OPENED)


def test_transcript_and_recording_access_is_scoped_and_audited(engine: Engine, world, staged,
                                                               tmp_path: Path) -> None:
    qco, other = world.users["qco1"], world.users["qco2"]
    with Session(engine) as session, session.begin():
        interaction_id = session.get_one(Sample, staged["OC-REV-1"]).interaction_id
        view = access.open_transcript(session, qco, interaction_id, session_id="s1")
        playback = access.open_recording(session, qco, interaction_id, tmp_path / "recordings",
                                         from_second=5.16, session_id="s1")
    assert view is not None and view.turns[0].speaker == "agent" and len(view.turns) > 5
    assert playback.path is not None and playback.path.read_bytes()[:4] == b"RIFF"
    with Session(engine) as session, session.begin():
        for read in (lambda: access.open_transcript(session, other, interaction_id),
                     lambda: access.open_recording(session, other, interaction_id, tmp_path)):
            with pytest.raises(OutOfScope):
                read()
        missing = access.open_recording(session, qco, interaction_id, tmp_path / "elsewhere")
    assert missing.path is None and "missing" in (missing.problem or "")
    with Session(engine) as session:
        events = [(e.username, e.action, e.outcome, e.details) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.target_kind == "interaction")
            .order_by(AuditEvent.id))]
    assert events[0][:3] == ("qco1", "transcript_view", "ok")
    assert events[1] == ("qco1", "recording_play", "ok", {"from_second": 5.16})
    assert events[2][:3] == ("qco1", "recording_play", "denied")


def test_training_data_reflects_a_finalize_at_once(engine: Engine, world, staged) -> None:
    qco = world.users["qco1"]
    screen = open_as(engine, qco, staged["OC-REV-1"])
    with Session(engine) as session:
        assert training_rows(session) == []
    with Session(engine) as session, session.begin():
        revisions.finalize(session, qco, screen.evaluation_id, screen.version,
                           complete(screen, K3=("partial", "kata gak")), now=OPENED,
                           sitting_started_at=None)
    with Session(engine) as session:
        rows = training_rows(session, "voice_inbound")
        final_score = session.get_one(Evaluation, screen.evaluation_id).score
    assert final_score is not None and final_score < 100  # O1 "no", K3 "partial"
    assert len(rows) == len(screen.form.items())
    k3 = next(row for row in rows if row.item_id == "K3")
    first_line = json.loads((DEMO_RECORDINGS / "OC-REC-002.json").read_text())["script"][0]
    assert k3.answer == "partial" and k3.text.startswith(f"agent: {first_line['text']}")
    assert k3.turns[0] == {key: first_line[key] for key in ("speaker", "start", "end", "text")}
    (example,) = training_examples(rows)
    assert example.answers["K3"] == "partial" and example.answers["O1"] == "no"
