"""Load and validate a form from rubric/*.yaml; errors name the file, the item and the field.

A form is identified by ``(id, version, content_hash())``: the version is what the QCO lead
writes; the hash lets storage refuse a form edited without a new version.

A form may take its hold detection and named conditions from files in ``rubric/shared/``
(``shared: [voice.yaml]``), so that what a hold or a credential request is reads the same on
every voice form. The hash covers what the form takes from them: a change there is a change
of every form that uses it, and each needs a new version.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from qa_app.scoring.facts import METRICS
from qa_app.scoring.schema import Condition, Form
from qa_app.scoring.yaml_files import read_yaml

RUBRIC_DIR = Path(__file__).resolve().parents[2] / "rubric"
#: rubric/ files that are not assessment forms (the call categories, ``category_set.py``).
NOT_FORMS = frozenset({"categories.yaml"})


class FormError(ValueError):
    """A form that cannot be used; the message says where and what to fix."""


class NoFormApplies(LookupError):
    """No bundled form applies to a channel and direction; the message names both."""


#: What a shared file may hold.
SHARED_PARTS = frozenset({"holds", "conditions"})


def load_form(path: str | Path) -> Form:
    path = Path(path)
    raw = _read_mapping(path, "a form is a YAML mapping with id, version, sections")
    raw, origins = _with_shared(path, raw)
    try:
        form = Form.model_validate(raw)
    except ValidationError as error:
        raise FormError("\n".join(_describe(path, raw, e, origins)
                                  for e in error.errors())) from error
    problems = list(_cross_checks(form))
    if problems:
        raise FormError("\n".join(f"{origins.get(part, path)}: {problem}"
                                  for part, problem in problems))
    return form


def _read_mapping(path: Path, what: str) -> dict[str, Any]:
    raw = read_yaml(path, FormError, "the file")
    if not isinstance(raw, dict):
        raise FormError(f"{path}: {what}")
    return raw


#: Where a part of a form came from: ("holds",) or ("conditions", name) -> a shared file.
Origins = dict[tuple[str, ...], Path]


def _with_shared(path: Path, raw: dict[str, Any]) -> tuple[dict[str, Any], Origins]:
    """The form with the holds and named conditions of the shared files it names merged in,
    and the file each shared part came from (for error messages). A part given twice
    (in the form and a shared file, or in two shared files) is an error: one place says what
    a condition is."""
    names = raw.get("shared")
    if names is None:
        return raw, {}
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise FormError(f"{path}: field shared: a list of file names in {path.parent / 'shared'}")
    merged = {key: value for key, value in raw.items() if key != "shared"}
    conditions = dict(merged.get("conditions") or {})
    origins: Origins = {}
    for name in names:
        shared_path = path.parent / "shared" / name
        shared = _read_mapping(shared_path, "a shared file is a YAML mapping with holds and "
                                            "conditions")
        unknown = sorted(set(shared) - SHARED_PARTS)
        if unknown:
            raise FormError(f"{shared_path}: a shared file holds only holds and conditions; "
                            f"move {', '.join(unknown)} into the form")
        if "holds" in shared:
            if "holds" in merged:
                raise FormError(f"{path}: field holds: given in {origins.get(('holds',), path)} "
                                f"and in {shared_path}; keep one")
            merged["holds"], origins[("holds",)] = shared["holds"], shared_path
        for condition, body in (shared.get("conditions") or {}).items():
            if condition in conditions:
                raise FormError(f"{path}: conditions.{condition}: given in "
                                f"{origins.get(('conditions', condition), path)} and in "
                                f"{shared_path}; keep one")
            conditions[condition] = body
            origins[("conditions", condition)] = shared_path
    merged["conditions"] = conditions
    return merged, origins


def _describe(path: Path, raw: dict[str, Any], error: Any, origins: Origins) -> str:
    location = list(error["loc"])
    key = tuple(str(part) for part in location[:1 if location[:1] == ["holds"] else 2])
    path = origins.get(key, path)
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


def _cross_checks(form: Form) -> Iterator[tuple[tuple[str, ...], str]]:
    """(the part of the form it is in, for its origin; the problem) of each problem."""
    seen: set[str] = set()
    for item in form.items():
        if item.id in seen:
            yield ("sections",), f"item {item.id}: field id: used twice; each item needs its own id"
        seen.add(item.id)
        for number, rule in enumerate(item.decide):
            for problem in _condition_problems(form, rule.when):
                yield ("sections",), f"item {item.id}: field decide.{number}.when: {problem}"
    for name, condition in form.conditions.items():
        part = ("conditions", name)
        if '"ref"' in condition.model_dump_json(by_alias=True, exclude_none=True):
            yield part, (f"conditions.{name}: a named condition may not use ref (no chains, "
                         "no loops)")
        for problem in _condition_problems(form, condition):
            yield part, f"conditions.{name}: {problem}"


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
