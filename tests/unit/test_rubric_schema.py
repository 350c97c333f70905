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


# ---- shared files: rubric/shared/*.yaml ----------------------------------------------------

SHARED_ITEM = GOOD_ITEM.replace("phrases: [selamat pagi]", "ref: greeting")
SHARED = """holds: {min_seconds: 5, announce: [mohon ditunggu], thanks: [terima kasih]}
conditions:
  greeting: {phrases: [selamat pagi]}
"""


def shared_form(tmp_path: Path, shared: str = SHARED, header: str = "shared: [voice.yaml]",
                item: str = SHARED_ITEM) -> Path:
    (tmp_path / "shared").mkdir(exist_ok=True)
    (tmp_path / "shared" / "voice.yaml").write_text(shared, encoding="utf-8")
    return write(tmp_path, form_text(item, header))


def test_a_form_takes_holds_and_conditions_from_a_shared_file(tmp_path: Path) -> None:
    form = load_form(shared_form(tmp_path))
    assert form.holds is not None and form.holds.min_seconds == 5
    assert form.conditions["greeting"].phrases == ("selamat pagi",)
    inline = load_form(write(tmp_path, form_text(SHARED_ITEM, SHARED)))
    assert form.content_hash() == inline.content_hash()  # the same form, however written


def test_a_change_in_the_shared_file_changes_the_form(tmp_path: Path) -> None:
    before = load_form(shared_form(tmp_path)).content_hash()
    after = load_form(shared_form(tmp_path, SHARED.replace("selamat pagi", "selamat siang")))
    assert after.content_hash() != before


@pytest.mark.parametrize(("shared", "header", "fragments"), [
    (SHARED + "sections: []\n", "shared: [voice.yaml]", ["shared/voice.yaml", "move sections"]),
    (SHARED, "shared: [voice.yaml]\nconditions:\n  greeting: {phrases: [halo]}",
     ["conditions.greeting", "given in", "keep one"]),
    (SHARED, "shared: [voice.yaml]\nholds: {min_seconds: 9}", ["field holds", "keep one"]),
    (SHARED, "shared: [absent.yaml]", ["shared/absent.yaml", "cannot read"]),
    (SHARED, "shared: {voice: yes}", ["field shared", "a list of file names"]),
    ("- a list", "shared: [voice.yaml]", ["shared/voice.yaml", "a YAML mapping"]),
])
def test_shared_file_errors_name_the_file_and_what_to_do(tmp_path: Path, shared: str,
                                                         header: str,
                                                         fragments: list[str]) -> None:
    with pytest.raises(FormError) as raised:
        load_form(shared_form(tmp_path, shared, header))
    for fragment in fragments:
        assert fragment in str(raised.value), str(raised.value)


@pytest.mark.parametrize(("condition", "fragment"), [
    ("{phrases: [selamat pagi], colour: red}", "field conditions.greeting"),
    ("{metric: loudness, gt: 3}", "metric 'loudness' is unknown"),
])
def test_a_bad_shared_condition_is_reported_in_the_shared_file(tmp_path: Path, condition: str,
                                                               fragment: str) -> None:
    shared = SHARED.replace("{phrases: [selamat pagi]}", condition)
    with pytest.raises(FormError) as raised:
        load_form(shared_form(tmp_path, shared))
    message = str(raised.value)
    assert message.startswith(str(tmp_path / "shared" / "voice.yaml")), message
    assert fragment in message, message


def test_bad_holds_in_a_shared_file_are_reported_there(tmp_path: Path) -> None:
    with pytest.raises(FormError) as raised:
        load_form(shared_form(tmp_path, SHARED.replace("min_seconds: 5", "min_seconds: -1")))
    assert str(raised.value).startswith(f"{tmp_path / 'shared' / 'voice.yaml'}: form: field "
                                        "holds.min_seconds"), str(raised.value)
