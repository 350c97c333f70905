"""Load and validate a form from rubric/*.yaml; errors name the file, the item and the field.

A form is identified by ``(id, version, content_hash())``: the version is what the QCO lead
writes; the hash lets storage refuse a form edited without a new version.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from qa_app.scoring.facts import METRICS
from qa_app.scoring.schema import Condition, Form

RUBRIC_DIR = Path(__file__).resolve().parents[2] / "rubric"
#: rubric/ files that are not assessment forms (the call categories, ``category_set.py``).
NOT_FORMS = frozenset({"categories.yaml"})


class FormError(ValueError):
    """A form that cannot be used; the message says where and what to fix."""


class NoFormApplies(LookupError):
    """No bundled form applies to a channel and direction; the message names both."""


def load_form(path: str | Path) -> Form:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise FormError(f"{path}: cannot read the form ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise FormError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(raw, dict):
        raise FormError(f"{path}: a form is a YAML mapping with id, version, sections")
    try:
        form = Form.model_validate(raw)
    except ValidationError as error:
        raise FormError("\n".join(_describe(path, raw, e) for e in error.errors())) from error
    problems = list(_cross_checks(form))
    if problems:
        raise FormError("\n".join(f"{path}: {problem}" for problem in problems))
    return form


def _describe(path: Path, raw: dict[str, Any], error: Any) -> str:
    location = list(error["loc"])
    where = "form"
    if location[:1] == ["sections"] and len(location) >= 4 and location[2] == "items":
        where = f"item {_item_id(raw, location[1], location[3])}"
        location = location[4:]
    elif location[:1] == ["sections"] and len(location) >= 2:
        where = f"section {location[1] + 1}"
        location = location[2:]
    field = ".".join(str(part) for part in location) or "(whole entry)"
    return f"{path}: {where}: field {field}: {error['msg']}"


def _item_id(raw: dict[str, Any], section: int, item: int) -> str:
    try:
        return str(raw["sections"][section]["items"][item]["id"])
    except (KeyError, IndexError, TypeError):
        return f"#{item + 1} of section {section + 1}"


def _cross_checks(form: Form) -> Iterator[str]:
    seen: set[str] = set()
    for item in form.items():
        if item.id in seen:
            yield f"item {item.id}: field id: used twice; each item needs its own id"
        seen.add(item.id)
        for number, rule in enumerate(item.decide):
            for problem in _condition_problems(form, rule.when):
                yield f"item {item.id}: field decide.{number}.when: {problem}"
    for name, condition in form.conditions.items():
        if '"ref"' in condition.model_dump_json(by_alias=True, exclude_none=True):
            yield f"conditions.{name}: a named condition may not use ref (no chains, no loops)"
        for problem in _condition_problems(form, condition):
            yield f"conditions.{name}: {problem}"


def _timed(condition: Condition) -> bool:
    if condition.any_of is not None:
        return all(_timed(child) for child in condition.any_of)
    return (condition.phrases is not None or condition.regex is not None) \
        and condition.before is None


def _condition_problems(form: Form, condition: Condition) -> Iterator[str]:
    if condition.ref is not None and condition.ref not in form.conditions:
        yield f"ref {condition.ref!r} names no entry of the form's conditions"
    if condition.metric is not None and condition.metric not in METRICS:
        yield f"metric {condition.metric!r} is unknown; known: {', '.join(sorted(METRICS))}"
    if condition.before is not None:
        named = form.conditions.get(condition.before)
        if named is None:
            yield f"before {condition.before!r} names no entry of the form's conditions"
        elif not _timed(named):
            yield (f"before {condition.before!r}: the named condition must be phrases or a "
                   "regex, or any of those (only those say when they were first heard)")
    children = [*(condition.all_of or ()), *(condition.any_of or ()), *(condition.of or ())]
    if condition.not_ is not None:
        children.append(condition.not_)
    for child in children:
        yield from _condition_problems(form, child)


@lru_cache(maxsize=1)
def bundled_forms() -> tuple[Form, ...]:
    """Every form in rubric/, loaded once per process."""
    return tuple(load_form(path) for path in sorted(RUBRIC_DIR.glob("*.yaml"))
                 if path.name not in NOT_FORMS)


def form_for(channel: str, direction: str) -> Form:
    """The bundled form that applies to a channel and direction (voice inbound, voice
    outbound, chat)."""
    for form in bundled_forms():
        channels = form.channels or (form.channel,)
        if channel in channels and form.direction in (None, direction):
            return form
    raise NoFormApplies(f"no assessment form in rubric/ applies to {channel} {direction}")
