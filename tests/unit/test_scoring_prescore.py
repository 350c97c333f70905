"""Pre-scoring end to end: the demo ground truth, the CLI output shape, chat threads, accuracy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_app.cli import main
from qa_app.scoring.accuracy import cohen_kappa, compare, item_agreement
from qa_app.scoring.demo_truth import DEMO_RECORDINGS, load_labelled, script_to_transcribe_json
from qa_app.scoring.loader import RUBRIC_DIR, load_form
from qa_app.scoring.prescore import prescore

INBOUND = load_form(RUBRIC_DIR / "voice_inbound.yaml")


def test_rules_agree_with_the_demo_ground_truth_on_checkable_items() -> None:
    calls = load_labelled()
    report = compare(INBOUND, [(c.expected, prescore(INBOUND, c.transcript).answers())
                               for c in calls])
    assert len(calls) == 12 and report.compared == 197
    assert report.agreement >= 0.95
    fatal = {c.id: prescore(INBOUND, c.transcript).fatal for c in calls}
    assert {call for call, failed in fatal.items() if failed} == \
        {"OC-REC-006", "OC-REC-010", "OC-REC-012"}


def _script_start(call_id: str, words: str) -> float:
    truth = json.loads((DEMO_RECORDINGS / f"{call_id}.json").read_text(encoding="utf-8"))
    return next(line["start"] for line in truth["script"] if words in line["text"])


def test_every_answered_item_shows_evidence_or_is_an_absence() -> None:
    call = next(c for c in load_labelled() if c.id == "OC-REC-001")
    items = {i.id: i for i in prescore(INBOUND, call.transcript).items}
    assert items["H3"].evidence[0].start == _script_start("OC-REC-001",
                                                          "Terima kasih telah menunggu")
    assert items["H3"].evidence[0].text == "terima kasih telah menunggu"
    assert items["C3"].evidence[0].speaker == "agent"
    assert all(0.0 <= i.confidence <= 1.0 for i in items.values())


def test_cli_prints_the_promised_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth = json.loads((DEMO_RECORDINGS / "OC-REC-006.json").read_text(encoding="utf-8"))
    path = tmp_path / "t.json"
    path.write_text(json.dumps(script_to_transcribe_json(truth)), encoding="utf-8")
    assert main(["prescore", str(path), "--rubric", str(RUBRIC_DIR / "voice_inbound.yaml"),
                 "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"rubric", "rubric_version", "score", "fatal", "pending_weight",
                            "items"}
    assert printed["rubric"] == "voice_inbound" and printed["fatal"] is True
    assert printed["score"] == 0.0
    v2 = next(i for i in printed["items"] if i["id"] == "V2")
    assert set(v2) == {"id", "answer", "confidence", "evidence"}
    assert v2["answer"] == "no"
    assert v2["evidence"][0] == {"speaker": "agent",
                                 "text": "Boleh disebutkan kode OTP yang masuk, Bu",
                                 "start": _script_start("OC-REC-006", "kode OTP")}
    assert next(i for i in printed["items"] if i["id"] == "S1")["answer"] == "manual"


def test_cli_reads_a_chat_thread(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    thread = [{"sender": "customer", "sent_at": "2026-03-02T09:00:00+07:00", "text": "halo min"},
              {"sender": "agent", "sent_at": "2026-03-02T09:07:00+07:00",
               "text": "halo kak, ada yg bisa dibantu?"}]
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(thread), encoding="utf-8")
    assert main(["prescore", str(path), "--rubric", str(RUBRIC_DIR / "chat.yaml"), "--json"]) == 0
    items = {i["id"]: i["answer"] for i in json.loads(capsys.readouterr().out)["items"]}
    assert items["R1"] == "no"  # 420 s to the first reply
    assert items["E2"] == "no"  # "yg"
    assert items["O1"] == "no"


@pytest.mark.parametrize("content", ["not json", '{"no": "turns"}', '{"turns": [{"x": 1}]}'])
def test_cli_refuses_bad_input_naming_the_file(tmp_path: Path, content: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["prescore", str(path)]) == 2
    assert str(path) in capsys.readouterr().err


def test_prescore_eval_prints_the_accuracy_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prescore-eval", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["calls"] == 12 and report["agreement"] >= 0.95
    assert {row["item"] for row in report["items"]} >= {"O1", "V2", "H3", "K4"}


@pytest.mark.parametrize(("human", "machine", "kappa"), [
    (["yes", "no", "yes", "no"], ["yes", "no", "yes", "no"], 1.0),
    (["yes", "yes", "no", "no"], ["yes", "no", "yes", "no"], 0.0),
    (["yes", "yes", "yes"], ["yes", "yes", "yes"], 1.0),
    (["yes", "no", "no", "no"], ["yes", "yes", "no", "no"], 0.5),
])
def test_cohen_kappa(human: list[str], machine: list[str], kappa: float) -> None:
    assert cohen_kappa(human, machine) == pytest.approx(kappa)


def test_item_agreement_counts_faults_found_and_missed() -> None:
    row = item_agreement("K3", ["no", "no", "yes", "yes", "partial"],
                         ["no", "yes", "no", "yes", "manual"])
    assert (row.compared, row.answered) == (5, 4)
    assert row.agreement == pytest.approx(2 / 4)  # "manual" is not an answer
    assert row.manual_share == pytest.approx(1 / 5)
    assert row.precision == pytest.approx(1 / 2)  # flagged: 2, right: 1
    assert row.recall == pytest.approx(1 / 2)  # answered faults: 2, caught: 1


def test_total_score_difference() -> None:
    human = {"O1": "yes", "O2": "yes", "O3": "yes"}
    machine = {"O1": "yes", "O2": "no", "O3": "yes"}
    report = compare(INBOUND, [(human, machine)])
    assert report.mean_score_difference == pytest.approx(30.0)  # 3 of 10 weight
