"""The rules file's validation messages, and the balance of reviewer assignment."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa_app.sampling.assign import balance
from qa_app.sampling.rules import RulesError, load_rules, rules_from_mapping

RAW = load_rules().raw


@pytest.mark.parametrize(("path", "value", "message"), [
    (("quota", "new_agent", "weekly"), "three", "field quota.new_agent.weekly: expected a whole"),
    (("eligibility", "channels"), ["voice", "fax"], "unknown value(s) fax"),
    (("eligibility", "channel_minimums"), {"email": 1}, "channel 'email' is not in `channels`"),
    (("targeted", "enabled"), "yes", "field targeted.enabled: expected true or false"),
    (("assignment", "reviewer_roles"), ["agent"], "allowed: qco, qco_lead"),
])
def test_bad_rules_name_the_source_and_the_field(path: tuple[str, ...], value: object,
                                                 message: str) -> None:
    data = copy.deepcopy(RAW)
    if path == ("eligibility", "channel_minimums"):
        data["eligibility"]["channels"] = ["voice", "chat"]
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(RulesError, match="^custom.yaml: ") as error:
        rules_from_mapping(data, "custom.yaml")
    assert message in str(error.value)


def test_a_missing_field_and_an_unreadable_file_are_named(tmp_path: Path) -> None:
    data = copy.deepcopy(RAW)
    del data["quota"]["tenured_agent"]["monthly_cap"]
    with pytest.raises(RulesError, match="quota.tenured_agent.monthly_cap: missing"):
        rules_from_mapping(data, "x")
    broken = tmp_path / "rules.yaml"
    broken.write_text("quota: [", encoding="utf-8")
    with pytest.raises(RulesError, match=str(broken)):
        load_rules(broken)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 300), st.lists(st.integers(1, 50), min_size=1, max_size=12, unique=True),
       st.integers(0, 2**64))
def test_assignment_is_balanced_within_one(samples: int, reviewers: list[int], seed: int) -> None:
    assigned = balance(list(range(samples)), reviewers, seed)
    assert set(assigned) == set(range(samples))
    loads = Counter(assigned.values())
    counts = [loads.get(reviewer, 0) for reviewer in reviewers]
    assert max(counts) - min(counts) <= 1


def test_assignment_evens_out_existing_loads_and_spreads_an_agents_samples() -> None:
    assigned = balance(["a1", "a2", "a3", "b1", "b2"], [7, 8, 9], seed=1,
                       current_load={7: 3, 8: 0, 9: 1})
    loads = Counter(assigned.values())
    assert {7: 3 + loads[7], 8: loads[8], 9: 1 + loads[9]} == {7: 3, 8: 3, 9: 3}
    assert len({assigned["a1"], assigned["a2"]}) == 2
    assert balance(["a"], [], seed=1) == {}
