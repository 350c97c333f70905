"""The call categories (rubric/categories.yaml) as data: their schema, loading, and adding one.

A category is a name and a condition in the rubric's condition language (``schema.Condition``:
phrases matched fuzzily, a speaker, ``first_seconds`` / ``last_seconds``, ``request`` for a
credential asked for, ``any`` / ``all`` / ``not``, ``ref`` to a named condition). A call has
the category when its condition holds; the tagger is in ``categories.py``.

The set is identified like a form: ``(id, version, content_hash())``. The repository's file is
the seed; the QCO lead adds a category on the page, which makes the next version, stored in
the database as the current one (:func:`with_category`).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from qa_app.scoring.loader import RUBRIC_DIR
from qa_app.scoring.schema import Condition, Speaker
from qa_app.scoring.yaml_files import read_yaml

SEED_PATH = RUBRIC_DIR / "categories.yaml"  # left out of the forms (loader.NOT_FORMS)
_ID = r"^[a-z][a-z0-9_]*$"
MAX_NAME = 80
#: Windows that need holds, and metrics: what the tagger does not measure (no form, no holds).
_UNSUPPORTED = ("before_hold", "after_hold")


class CategoryError(ValueError):
    """A category set or a new category that cannot be used; the message names the file (or
    the form's field) and what to fix. For a new category, ``field`` is the form's field at
    fault and ``reason`` a key the page translates (``categories_page.error.<reason>``)."""

    def __init__(self, message: str, field: str | None = None,
                 reason: str = "invalid") -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Category(_Strict):
    id: str = Field(pattern=_ID, max_length=64)
    name: str = Field(min_length=1, max_length=MAX_NAME)
    description: str | None = None
    when: Condition


class CategorySet(_Strict):
    id: str = Field(pattern=_ID)
    version: int = Field(ge=1)
    title: str
    match_threshold: float = Field(82, ge=50, le=100)
    conditions: dict[str, Condition] = {}
    categories: tuple[Category, ...] = Field(min_length=1)
    _hash: str | None = PrivateAttr(None)

    def content_hash(self) -> str:
        """sha256 of the validated content (comments and layout do not count)."""
        if self._hash is None:
            canonical = json.dumps(self.document(), sort_keys=True, ensure_ascii=False,
                                   separators=(",", ":"))
            self._hash = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        return self._hash

    def document(self) -> dict[str, Any]:
        """The set as plain data (what the database keeps, and the YAML written from it)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True,
                               exclude_defaults=True)

    def to_yaml(self) -> str:
        text: str = yaml.safe_dump(self.document(), allow_unicode=True, sort_keys=False,
                                   width=100)
        return text

    def by_id(self) -> dict[str, Category]:
        return {category.id: category for category in self.categories}


def parse_category_set(raw: object, source: str) -> CategorySet:
    """Validate ``raw`` (parsed YAML or a stored document); errors name ``source`` and the
    category and field at fault."""
    if not isinstance(raw, dict):
        raise CategoryError(f"{source}: a category set is a YAML mapping with id, version, "
                            "title, categories")
    try:
        categories = CategorySet.model_validate(raw)
    except ValidationError as error:
        raise CategoryError("\n".join(_describe(source, raw, e) for e in error.errors())) \
            from error
    problems = list(_cross_checks(categories))
    if problems:
        raise CategoryError("\n".join(f"{source}: {problem}" for problem in problems))
    return categories


def load_category_set(path: str | Path = SEED_PATH) -> CategorySet:
    path = Path(path)
    return parse_category_set(read_yaml(path, CategoryError, "the categories"), str(path))


def _describe(source: str, raw: dict[str, Any], error: Any) -> str:
    location = list(error["loc"])
    where = "set"
    if location[:1] == ["categories"] and len(location) >= 2 and isinstance(location[1], int):
        where = f"category {_category_id(raw, location[1])}"
        location = location[2:]
    field = ".".join(str(part) for part in location) or "(whole entry)"
    return f"{source}: {where}: field {field}: {error['msg']}"


def _category_id(raw: dict[str, Any], index: int) -> str:
    try:
        return str(raw["categories"][index]["id"])
    except (KeyError, IndexError, TypeError):
        return f"#{index + 1}"


def _cross_checks(categories: CategorySet) -> list[str]:
    problems: list[str] = []
    ids: set[str] = set()
    names: set[str] = set()
    for category in categories.categories:
        if category.id in ids:
            problems.append(f"category {category.id}: field id: used twice")
        if category.name.casefold() in names:
            problems.append(f"category {category.id}: field name: {category.name!r} used twice")
        ids.add(category.id)
        names.add(category.name.casefold())
        problems.extend(f"category {category.id}: field when: {problem}"
                        for problem in _condition_problems(categories, category.when))
    for name, condition in categories.conditions.items():
        if condition.ref is not None:
            problems.append(f"conditions.{name}: a named condition may not use ref")
        problems.extend(f"conditions.{name}: {p}" for p in _condition_problems(categories,
                                                                               condition))
    return problems


def _condition_problems(categories: CategorySet, condition: Condition) -> list[str]:
    problems: list[str] = []
    if condition.ref is not None and condition.ref not in categories.conditions:
        problems.append(f"ref {condition.ref!r} names no entry of conditions")
    if condition.metric is not None:
        problems.append(f"metric {condition.metric!r}: categories are told from words only")
    if condition.before is not None:
        problems.append("before: categories are told from words only")
    if condition.window in _UNSUPPORTED:
        problems.append(f"window {condition.window!r}: categories know no holds")
    children = [*(condition.all_of or ()), *(condition.any_of or ()), *(condition.of or ())]
    if condition.not_ is not None:
        children.append(condition.not_)
    for child in children:
        problems.extend(_condition_problems(categories, child))
    return problems


def category_id_for(name: str) -> str:
    """An id from a name the lead typed: ASCII, lower case, words joined by underscores."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:60]
    return slug if re.match(_ID, slug) else f"k_{slug}".rstrip("_")


def split_phrases(text: str) -> tuple[str, ...]:
    """Phrases typed one per line (or separated by commas), blanks dropped."""
    return tuple(p.strip() for p in re.split(r"[\n,;]+", text) if p.strip())


def with_category(categories: CategorySet, name: str, phrases: tuple[str, ...],
                  speaker: Speaker, first_seconds: float | None = None) -> CategorySet:
    """The next version of ``categories`` with a new category of phrases said by ``speaker``
    (within the call's first ``first_seconds``, when given). Errors name the form's field."""
    name = name.strip()
    if not name:
        raise CategoryError("name: give the category a name", "name", "name_missing")
    if len(name) > MAX_NAME:
        raise CategoryError(f"name: at most {MAX_NAME} characters", "name", "name_long")
    if name.casefold() in {c.name.casefold() for c in categories.categories}:
        raise CategoryError(f"name: a category named {name!r} exists already", "name",
                            "name_taken")
    if not phrases:
        raise CategoryError("phrases: give at least one phrase", "phrases", "no_phrases")
    if any(len(p) < 3 for p in phrases):
        raise CategoryError("phrases: each phrase needs three letters or more (a shorter one "
                            "matches by chance)", "phrases", "short_phrase")
    if first_seconds is not None and first_seconds <= 0:
        raise CategoryError("first_seconds: give a number of seconds above 0", "first_seconds",
                            "bad_seconds")
    category_id, taken, number = category_id_for(name), set(categories.by_id()), 2
    base = category_id
    while category_id in taken:
        category_id, number = f"{base}_{number}", number + 1
    when: dict[str, Any] = {"phrases": list(phrases), "speaker": speaker}
    if first_seconds is not None:
        when["first_seconds"] = float(first_seconds)
    document = categories.document()
    document["version"] = categories.version + 1
    document["categories"].append({"id": category_id, "name": name, "when": when})
    try:
        return parse_category_set(document, "new category")
    except CategoryError as error:
        raise CategoryError(str(error), "phrases", "invalid") from error


def with_page_additions(seed: CategorySet, current: CategorySet, page_ids: set[str],
                        version: int) -> CategorySet:
    """``seed`` (the changed file) as version ``version``, keeping the categories the lead
    added on the page (``page_ids``) that the file does not define: a change of the file must
    not undo them."""
    document = seed.document()
    document["version"] = version
    in_file = {category.id for category in seed.categories}
    document["categories"].extend(
        category.model_dump(mode="json", by_alias=True, exclude_none=True,
                            exclude_defaults=True)
        for category in current.categories if category.id in page_ids - in_file)
    return parse_category_set(document, "the category file with the page's additions")
