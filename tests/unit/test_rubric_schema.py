"""Form validation: a bad form is refused with the file, the item and the field named."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_app.scoring.loader import FormError, load_form

GOOD_ITEM = """
      - id: A1
        weight: 5
        text: Salam pembuka
        decide:
          - {answer: yes, when: {phrases: [selamat pagi]}}
        otherwise: no
"""


def form_text(item: str = GOOD_ITEM, header: str = "") -> str:
    return f"""id: test_form
version: 1
title: Test
channel: voice
{header}
sections:
  - id: s
    title: S
    items:
{item}"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad_form.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bare_yes_and_no_are_answers_not_booleans(tmp_path: Path) -> None:
    form = load_form(write(tmp_path, form_text()))
    item = form.items()[0]
    assert item.decide[0].answer == "yes" and item.otherwise == "no"


@pytest.mark.parametrize(("item", "fragments"), [
    (GOOD_ITEM.replace("weight: 5", "weight: -1"), ["item A1", "field weight"]),
    (GOOD_ITEM.replace("weight: 5", "weight: lima"), ["item A1", "field weight"]),
    (GOOD_ITEM.replace("answer: yes", "answer: maybe"), ["item A1", "field decide.0.answer"]),
    (GOOD_ITEM.replace("phrases: [selamat pagi]", "regex: ['(unclosed']"),
     ["item A1", "field decide.0.when.regex", "does not compile"]),
    (GOOD_ITEM.replace("phrases: [selamat pagi]", "metric: longest_hold"),
     ["item A1", "decide.0.when", "needs a threshold"]),
    (GOOD_ITEM.replace("phrases: [selamat pagi]", "metric: loudness, gt: 3"),
     ["item A1", "field decide.0.when", "metric 'loudness' is unknown"]),
    (GOOD_ITEM.replace("phrases: [selamat pagi]", "ref: nowhere"),
     ["item A1", "ref 'nowhere'"]),
    (GOOD_ITEM.replace("weight: 5", "weight: 5\n        fatal: true"),
     ["item A1", "fatal_when"]),
    (GOOD_ITEM.replace("text: Salam pembuka", "text: Salam\n        colour: red"),
     ["item A1", "field colour", "Extra inputs"]),
    (GOOD_ITEM.replace("phrases: [selamat pagi]", "phrases: [selamat pagi], regex: [x]"),
     ["item A1", "exactly one of"]),
    (GOOD_ITEM + GOOD_ITEM, ["item A1", "field id", "used twice"]),
    (GOOD_ITEM.replace("weight: 5", "weight: 5\n        scale: [yes, na]"),
     ["item A1", "not in the item's scale"]),
])
def test_schema_errors_name_file_item_and_field(tmp_path: Path, item: str,
                                                fragments: list[str]) -> None:
    path = write(tmp_path, form_text(item))
    with pytest.raises(FormError) as raised:
        load_form(path)
    message = str(raised.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message


@pytest.mark.parametrize(("text", "fragment"), [
    ("id: x\nversion: 0\ntitle: t\nchannel: voice\nsections: []", "field version"),
    ("- just\n- a list", "a YAML mapping"),
    ("id: [unclosed", "not valid YAML"),
])
def test_form_level_errors(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(FormError, match=fragment):
        load_form(write(tmp_path, text))


def test_missing_file_is_a_form_error(tmp_path: Path) -> None:
    with pytest.raises(FormError, match="cannot read"):
        load_form(tmp_path / "absent.yaml")


def test_content_hash_ignores_comments_and_changes_with_content(tmp_path: Path) -> None:
    base = load_form(write(tmp_path, form_text())).content_hash()
    commented = load_form(write(tmp_path, "# a comment\n" + form_text())).content_hash()
    heavier = load_form(write(tmp_path, form_text(GOOD_ITEM.replace("weight: 5", "weight: 6"))))
    assert base == commented
    assert heavier.content_hash() != base
