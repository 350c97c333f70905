"""The learned layer on synthetic labelled data: it learns a pattern, respects the minimum
number of examples, and blends with the rules."""

from __future__ import annotations

import random

import pytest

from qa_app.scoring.conversation import Conversation, Turn
from qa_app.scoring.learned import TrainingConfig, TrainingExample, _blended, train, trainable_items
from qa_app.scoring.loader import RUBRIC_DIR, load_form
from qa_app.scoring.rules import ItemResult

FORM = load_form(RUBRIC_DIR / "voice_inbound.yaml")
FILLER = ["baik bapak", "saya cek dulu datanya", "gadai emas bisa di outlet", "jatuh tempo",
          "aplikasi pegadaian digital", "terima kasih", "boleh dijelaskan", "mohon ditunggu"]
OFFERS = ["ada lagi yang bisa kami bantu", "ada lagi yang bisa kami bantuk",
          "apakah ada hal lain yang dapat kami bantu", "ada lagi yang bisa saya bantu"]


def synthetic(count: int, seed: int) -> list[TrainingExample]:
    """C2 is "yes" exactly when the agent offers further help (in some misheard form)."""
    rng = random.Random(seed)
    examples = []
    for _ in range(count):
        offered = rng.random() < 0.5
        lines = [f"agent: {rng.choice(FILLER)}" for _ in range(rng.randint(3, 8))]
        if offered:
            lines.insert(rng.randrange(len(lines) + 1), f"agent: {rng.choice(OFFERS)}")
        examples.append(TrainingExample("\n".join(lines), {"C2": "yes" if offered else "no",
                                                            "K3": "yes"}))
    return examples


def test_model_learns_the_pattern_from_finalized_answers() -> None:
    models = train(FORM, synthetic(300, seed=1), TrainingConfig(min_examples=50))
    assert set(models.classifiers) == {"C2"}  # K3 has only one outcome: nothing to learn
    held_out = synthetic(100, seed=2)
    right = sum((models.probabilities(e.text)["C2"] >= 0.5) == (e.answers["C2"] == "yes")
                for e in held_out)
    assert right >= 95


def test_items_below_the_minimum_are_not_trained() -> None:
    examples = synthetic(40, seed=3)
    assert trainable_items(FORM, examples, TrainingConfig(min_examples=50)) == {}
    assert "C2" in trainable_items(FORM, examples, TrainingConfig(min_examples=40))


def test_model_version_depends_on_the_data() -> None:
    config = TrainingConfig(min_examples=50)
    first = train(FORM, synthetic(120, seed=4), config).version
    assert train(FORM, synthetic(120, seed=4), config).version == first
    assert train(FORM, synthetic(120, seed=5), config).version != first
    assert first.startswith(f"voice_inbound-v{FORM.version}-n120-")


@pytest.mark.parametrize(("rule", "model_yes", "answer", "confidence"), [
    (ItemResult("C2", "yes", 0.9), 0.9, "yes", 0.9),
    (ItemResult("C2", "yes", 0.7), 0.1, "no", 0.6),  # (0.1 + 0.7) / 2 = 0.4 yes
    (ItemResult("C2", "partial", 0.8), 0.3, "partial", 0.75),
    (ItemResult("C2", "manual", 0.0), 0.95, "yes", 0.95),  # the model fills a rule's gap
    (ItemResult("C2", "na", 1.0), 0.99, "na", 1.0),  # applicability stays with the rules
])
def test_blend(rule: ItemResult, model_yes: float, answer: str, confidence: float) -> None:
    blended = _blended(rule, model_yes, weight=0.5)
    assert blended.answer == answer
    assert blended.confidence == pytest.approx(confidence)


def test_prescore_records_the_model_version() -> None:
    from qa_app.scoring.demo_truth import load_labelled
    from qa_app.scoring.prescore import prescore

    models = train(FORM, synthetic(120, seed=6), TrainingConfig(min_examples=50))
    call = load_labelled()[0]
    result = prescore(FORM, call.transcript, models)
    assert result.model_version == models.version
    assert result.to_record()["model_version"] == models.version


def test_the_model_never_clears_a_fault_the_rules_found_on_a_fatal_item() -> None:
    """V2 (fatal) and C2 (not) trained to "yes" for every call: the rule's V2 "no" stays, its
    C2 "no" is outweighed; a rule left to a human may still be filled by the model."""
    examples = [TrainingExample(e.text, {"V2": "yes" if n % 10 else "no", "C2": "yes"
                                         if n % 10 else "no"})
                for n, e in enumerate(synthetic(120, seed=7))]
    models = train(FORM, examples, TrainingConfig(min_examples=50))
    assert {"V2", "C2"} <= set(models.classifiers) and "V2" in models.kept_faults
    assert "C2" not in models.kept_faults
    text = examples[1].text
    assert models.probabilities(text)["V2"] > 0.75
    rules = (ItemResult("V2", "no", 0.7), ItemResult("C2", "no", 0.7))
    call = Conversation(tuple(Turn(line.split(": ", 1)[0], 0.0, 1.0, line.split(": ", 1)[1])
                              for line in text.split("\n")), 10.0)
    blended = {r.id: r for r in models.blend(rules, call)}
    assert blended["V2"] == rules[0]
    assert blended["C2"].answer == "yes"
