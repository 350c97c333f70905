"""The pre-score robustness corpus (issue 14): the committed corpus is valid and is what the
grammar generates, and its evaluation runs. The accuracy targets are printed by
benchmarks/prescore_accuracy.py --corpus, not asserted here."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest

from qa_app.scoring.conversation import Conversation as Transcript
from qa_app.scoring.conversation import from_transcribe_json
from qa_app.scoring.loader import load_form
from qa_app.scoring.prescore import PreScore, prescore
from qa_app.scoring.schema import Form
from tools.corpus.blend import dev_models
from tools.corpus.evaluate import (
    CORPUS_DIR,
    RUBRIC,
    CorpusCall,
    evaluate,
    format_figures,
    hallucinations_in,
    load_corpus,
    phrase_found,
)
from tools.corpus.grammar import CHECKABLE_ITEMS, FATAL_ITEMS, SPLITS, load_grammar
from tools.corpus.plan import HoldStep, Line, plan_corpus

TRUTH_DIR = CORPUS_DIR / "truth"
TRANSCRIPT_DIR = CORPUS_DIR / "transcripts"


def _truths() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(TRUTH_DIR.glob("*.json"))]


@pytest.fixture(scope="module")
def truths() -> list[dict[str, Any]]:
    return _truths()


@pytest.fixture(scope="module")
def corpus() -> list[CorpusCall]:
    return load_corpus()


def test_at_least_80_calls_each_with_a_transcript(truths: list[dict[str, Any]]) -> None:
    assert len(truths) >= 80
    truth_names = {p.name for p in TRUTH_DIR.glob("*.json")}
    assert truth_names == {p.name for p in TRANSCRIPT_DIR.glob("*.json")}


def test_committed_corpus_stays_small() -> None:
    size = sum(p.stat().st_size for p in CORPUS_DIR.rglob("*.json"))
    assert size < 10 * 1024 * 1024


def test_every_item_has_two_right_and_two_wrong_families_in_each_split() -> None:
    grammar = load_grammar()
    for item in CHECKABLE_ITEMS:
        for split in SPLITS:
            answers = Counter(f.answer for f in grammar.families[item] if f.split == split)
            assert answers["yes"] >= 2, (item, split)
            assert answers["no"] + answers["partial"] >= 2, (item, split)


def test_calls_take_their_families_and_topic_from_their_own_split(
        truths: list[dict[str, Any]]) -> None:
    grammar = load_grammar()
    topics = {t.id: t.split for t in grammar.topics}
    used: dict[str, set[str]] = {split: set() for split in SPLITS}
    for truth in truths:
        assert topics[truth["topic"]] == truth["split"], truth["id"]
        for family_id in filter(None, truth["families"].values()):
            family = grammar.family(family_id)
            assert family.split == truth["split"], (truth["id"], family_id)
            assert truth["expected"][family.item] == family.answer, (truth["id"], family_id)
            used[truth["split"]].add(family_id)
    assert not used["dev"] & used["test"]
    every = {f.id for families in grammar.families.values() for f in families}
    assert used["dev"] | used["test"] == every  # every family is heard in some call


def test_fatal_and_compliant_calls_in_both_splits(truths: list[dict[str, Any]]) -> None:
    for split in SPLITS:
        calls = [t for t in truths if t["split"] == split]
        fatal = [t for t in calls if t["must_be_fatal"]]
        assert fatal and len(fatal) < len(calls)
        for truth in calls:
            assert truth["must_be_fatal"] == any(truth["expected"][i] == "no"
                                                 for i in FATAL_ITEMS)
        failed = {i for t in fatal for i in FATAL_ITEMS if t["expected"][i] == "no"}
        assert failed == set(FATAL_ITEMS), split


def test_codecs_noise_voices_holds_and_dead_air_are_all_represented(
        truths: list[dict[str, Any]]) -> None:
    for split in SPLITS:
        calls = [t for t in truths if t["split"] == split]
        assert {t["audio"]["codec"] for t in calls} == {"mulaw", "alaw", "mp3"}
        assert {t["audio"]["noise"] for t in calls} == {"faint", "hiss", "hum", "crackle"}
        holds = [h for t in calls for h in t["holds"]]
        assert {h["kind"] for h in holds} == {"music", "silence"}
        assert all(5.0 <= h["end"] - h["start"] <= 60.5 for h in holds)
        assert any(s["kind"] == "dead_air" for t in calls for s in t["silences"])
    voices = {t["audio"][who]["name"] for t in truths for who in ("agent_voice", "customer_voice")}
    assert voices == {"mb-id1", "mb-ma1"}
    assert len({t["audio"]["agent_voice"]["speed"] for t in truths}) > 10
    assert len({t["audio"]["agent_voice"]["pitch"] for t in truths}) > 10


def test_hold_items_apply_exactly_when_the_call_has_a_hold(truths: list[dict[str, Any]]) -> None:
    for truth in truths:
        held = bool(truth["holds"])
        assert (truth["expected"]["H1"] != "na") == held, truth["id"]
        assert (truth["expected"]["H3"] != "na") == held, truth["id"]


def test_dead_air_is_labelled_exactly_where_the_family_puts_it(
        truths: list[dict[str, Any]]) -> None:
    for truth in truths:
        dead_air = [s for s in truth["silences"] if s["kind"] == "dead_air"]
        assert bool(dead_air) == (truth["expected"]["K4"] == "no"), truth["id"]


def test_committed_ground_truth_is_what_the_grammar_generates(
        truths: list[dict[str, Any]]) -> None:
    plans = {p.id: p for p in plan_corpus()}
    assert set(plans) == {t["id"] for t in truths}
    for truth in truths:
        plan = plans[truth["id"]]
        assert [(line["speaker"], line["text"]) for line in truth["script"]] == \
            [(line.speaker, line.text) for line in plan.steps if isinstance(line, Line)]
        assert truth["families"] == plan.families
        assert truth["expected"] == plan.expected
        assert (truth["split"], truth["audio"]["codec"], truth["audio"]["noise"]) == \
            (plan.split, plan.codec, plan.noise)
        assert [h["kind"] == "music" for h in truth["holds"]] == \
            [s.music for s in plan.steps if isinstance(s, HoldStep)]


def test_planning_is_deterministic() -> None:
    first, second = plan_corpus(), plan_corpus()
    assert [(p.id, p.lines, p.agent_voice) for p in first] == \
        [(p.id, p.lines, p.agent_voice) for p in second]
    assert plan_corpus(seed=15)[0].lines != first[0].lines


def test_phrases_are_matched_strictly_in_transcripts() -> None:
    phrase = "terima kasih telah menunggu"
    assert phrase_found("baik pak terima kasih telah menunggu ya", phrase, 0.9)
    assert phrase_found("terimakasih telah menunggu", phrase, 0.9)  # merged words
    assert not phrase_found("terima kasih telah menonton", phrase, 0.9)
    assert not phrase_found("", phrase, 0.9)


def _call(script: str, heard: str) -> CorpusCall:
    transcript = from_transcribe_json({"duration": 5, "speakers_separated": True, "turns": [
        {"speaker": "agent", "start": 0, "end": 5, "text": heard, "words": []}]})
    return CorpusCall("X", "test", {}, False, script, heard, transcript, {})


def test_a_compliance_phrase_heard_but_never_said_is_a_hallucination() -> None:
    checks, found = hallucinations_in(_call("Halo, iya?", "Halo iya. Terima kasih sudah "
                                            "menunggu."))
    assert [(h.kind, h.phrase) for h in found] == [("thanks for waiting",
                                                    "terima kasih sudah menunggu")]
    assert checks == 14  # every phrase is a check: none was said
    said = "Selamat pagi, Pegadaian. Terima kasih sudah menunggu."
    checks, found = hallucinations_in(_call(said, "selamat pagi pegadaian terima kasih "
                                            "sudah menunggu"))
    assert found == [] and checks < 14


def test_evaluation_of_the_committed_transcripts_gives_figures_in_range(
        corpus: list[CorpusCall]) -> None:
    figures = evaluate(corpus)
    assert set(figures) == set(SPLITS)
    for split, fig in figures.items():
        assert fig.calls == sum(c.split == split for c in corpus)
        assert fig.compared == fig.calls * len(CHECKABLE_ITEMS)
        assert 0 <= fig.correct <= fig.answered <= fig.compared
        assert 0.0 <= fig.answered_share <= 1.0
        assert 0 <= fig.fatal_caught <= fig.fatal_calls
        assert 0 <= fig.compliant_scored_fatal <= fig.compliant_calls
        assert fig.fatal_calls + fig.compliant_calls == fig.calls
        assert sum(b.answers for b in fig.bins) == fig.answered
        assert sum(b.correct for b in fig.bins) == fig.correct
        assert 0.0 <= fig.hallucination_rate <= 1.0
        assert all(row.faults_found <= row.faults for row in fig.items)
        for condition in ("agent voice", "codec", "noise", "hold"):
            rows = [c for c in fig.by_condition if c.condition == condition]
            assert sum(c.compared for c in rows) == fig.compared
            assert sum(c.correct for c in rows) == fig.correct
        text = "\n".join(format_figures(fig))
        assert f"== {split}" in text and "reliability" in text


def test_evaluation_counts_what_the_scorer_answers(corpus: list[CorpusCall]) -> None:
    """A scorer that answers "no" to everything, sure of it: every call fatal, right exactly
    where "no" was expected, all in the top confidence bin."""
    def always_no(form: Form, transcript: Transcript) -> PreScore:
        real = prescore(form, transcript)
        items = tuple(replace(r, answer="no", confidence=1.0) for r in real.items)
        return replace(real, items=items, fatal=True)

    calls = [c for c in corpus if c.split == "test"][:12]
    fig = evaluate(calls, scorer=always_no)["test"]
    assert fig.answered == fig.compared and fig.answered_share == 1.0
    assert fig.correct == sum(c.expected[i] == "no" for c in calls for i in CHECKABLE_ITEMS)
    assert (fig.fatal_caught, fig.compliant_scored_fatal) == (fig.fatal_calls,
                                                              fig.compliant_calls)
    assert fig.bins[-1].answers == fig.answered
    assert fig.items[0].faults_found == fig.items[0].faults


def test_the_learned_layer_of_the_blend_never_sees_a_test_call(corpus: list[CorpusCall]) -> None:
    """Models trained on the whole corpus equal those trained on its dev calls alone: test
    calls, whatever their answers, are not training data (their figures stay honest)."""
    form = load_form(RUBRIC)
    dev_only = dev_models(form, [c for c in corpus if c.split == "dev"])
    flipped = [replace(c, expected={i: "no" for i in c.expected}) if c.split == "test" else c
               for c in corpus]
    assert dev_models(form, flipped).version == dev_only.version
    assert dev_only.classifiers  # some item had enough dev answers to learn from
    with pytest.raises(ValueError, match="no dev calls"):
        dev_models(form, [c for c in corpus if c.split == "test"])
