"""The one scope decision: what each role may read, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.auth.scope import OutOfScope, get_visible, scoped_select
from qa_app.db.models import Agent, CsiResponse, Interaction
from qa_app.db.sampling_models import Sample

ALL_INTERACTIONS = {f"OC-{a}-{n}" for a in ("G1", "G2", "D1") for n in range(4)}
GADAI = {s for s in ALL_INTERACTIONS if s.startswith(("OC-G1", "OC-G2"))}

EXPECTED_INTERACTIONS = {
    "manager": ALL_INTERACTIONS,
    "qcolead": ALL_INTERACTIONS,
    "qco1": {"OC-G1-0", "OC-D1-0"},
    "qco2": {"OC-G2-0"},
    "teamlead": GADAI,
    "agent": {f"OC-G1-{n}" for n in range(4)},
    "admin": set(),
}
EXPECTED_AGENTS = {
    "manager": {"G1", "G2", "D1"}, "qcolead": {"G1", "G2", "D1"}, "qco1": {"G1", "G2", "D1"},
    "qco2": {"G1", "G2", "D1"}, "admin": {"G1", "G2", "D1"}, "teamlead": {"G1", "G2"},
    "agent": {"G1"},
}


@pytest.mark.parametrize("username", sorted(EXPECTED_INTERACTIONS))
def test_each_role_reads_exactly_its_rows(engine: Engine, world, username: str) -> None:
    principal = world.users[username]
    with Session(engine) as session:
        interactions = set(session.scalars(
            select(Interaction.source_id).where(
                Interaction.id.in_(scoped_select(principal, Interaction)
                                   .with_only_columns(Interaction.id)))))
        agents = set(session.scalars(scoped_select(principal, Agent)
                                     .with_only_columns(Agent.employee_id)))
        csi_cases = set(session.scalars(scoped_select(principal, CsiResponse)
                                        .with_only_columns(CsiResponse.case_id)))
    assert interactions == EXPECTED_INTERACTIONS[username]
    assert agents == EXPECTED_AGENTS[username]
    assert csi_cases == {f"CASE-{s}" for s in EXPECTED_INTERACTIONS[username]}


@pytest.mark.parametrize(("username", "expected"), [
    ("qco1", 2), ("qco2", 1), ("teamlead", 2), ("manager", 3), ("agent", 0), ("admin", 0),
])
def test_samples_are_scoped_too(engine: Engine, world, username: str, expected: int) -> None:
    with Session(engine) as session:
        rows = session.scalars(scoped_select(world.users[username], Sample)).all()
    assert len(rows) == expected


def test_asking_for_someone_elses_row_by_id_is_refused(engine: Engine, world) -> None:
    other_team = world.interaction_ids["OC-D1-1"]
    with Session(engine) as session:
        assert get_visible(session, world.users["manager"], Interaction, other_team)
        for username in ("teamlead", "agent", "qco2", "admin"):
            with pytest.raises(OutOfScope):
                get_visible(session, world.users[username], Interaction, other_team)


def test_an_entity_without_a_rule_cannot_be_read(world) -> None:
    from qa_app.db.auth_models import UserAccount

    with pytest.raises(OutOfScope, match="no read rule for UserAccount"):
        scoped_select(world.users["manager"], UserAccount)
