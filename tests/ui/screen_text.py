"""What a person reads on a page rendered in AppTest, and the checks that it is all written in
their language: no stored codes, no "None"/"nan", no ISO dates, no usernames where a name
belongs, no JSON, and no text of the other language's catalog.

The texts are read from the element tree (labels, bodies, help, placeholders, options,
metric values and deltas) and from the tables, light tables included (headers and cells).
Chart specs, the column configuration and the session script are machine text and are not
read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from qa_app import vocabulary
from qa_app.i18n import catalog
from qa_app.i18n.labels import label
from tests.ui.light_tables import is_light_table, read_light_table

READ_FIELDS = frozenset({"label", "body", "help", "placeholder", "options", "delta", "text",
                         "content", "caption"})
MISSING = re.compile(r"\b(None|nan|NaN|NaT|null|undefined)\b")
PYTHON_BOOL = re.compile(r"\b(True|False)\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{4}/\d{2}/\d{2}\b")
SNAKE_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b(?![.\w])")  # not a file name (x_y.csv)
# Technical names a page may write on purpose for the administrator (a command to run, a
# setting to set): they are names, not words of the business.
TECHNICAL = frozenset({"qa_app"})


@dataclass(frozen=True)
class ScreenText:
    where: str   # the element kind and field, or "table header" / "table cell"
    text: str
    atomic: bool  # one value (an option, a cell, a metric), not a sentence
    column: str = ""


def _proto_texts(message: Message, kind: str) -> Iterator[ScreenText]:
    for field, value in message.ListFields():
        values = list(value) if hasattr(value, "__len__") and not isinstance(
            value, (str, bytes, Message)) else [value]
        for item in values:
            if isinstance(item, Message):
                yield from _proto_texts(item, kind)
            elif isinstance(item, str) and item and field.name in READ_FIELDS:
                atomic = field.name in ("options", "delta") or kind == "metric" and \
                    field.name == "body"
                yield ScreenText(f"{kind}.{field.name}", item, atomic)


def _table_texts(frame: pd.DataFrame) -> Iterator[ScreenText]:
    for column in frame.columns:
        yield ScreenText("table header", str(column), True)
        for cell in frame[column]:
            yield ScreenText("table cell", str(cell), True, str(column))


def screen_texts(app: AppTest) -> list[ScreenText]:
    """Every text of the page as it stands, tables included."""
    found: list[ScreenText] = []

    def walk(node: object) -> None:
        kind = str(getattr(node, "type", ""))
        value = getattr(node, "value", None) if kind in ("dataframe", "table") else None
        body = getattr(getattr(node, "proto", None), "body", "") if kind == "html" else ""
        if body and is_light_table(body):
            found.extend(_table_texts(read_light_table(body)))
        elif isinstance(value, pd.DataFrame):
            # a dataframe shows its placeholder in a missing cell (Streamlit: "None")
            shown = getattr(getattr(node, "proto", None), "placeholder", "") or "None"
            found.extend(_table_texts(value.astype(object).where(value.notna(), shown)))
        else:
            proto = getattr(node, "proto", None)
            if isinstance(proto, Message):
                found.extend(_proto_texts(proto, kind))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return found


def date_formats(app: AppTest) -> list[str]:
    """The display format of every date input of the page."""
    return [element.proto.format for element in app.date_input]


def stored_codes(language: str) -> set[str]:
    """Every value of the vocabulary enums, but those that are the very word ``language``
    writes for them (English "yes" for ``HumanAnswer.YES``: the code and the word agree)."""
    codes: set[str] = set()
    for member in vars(vocabulary).values():
        if isinstance(member, type) and issubclass(member, StrEnum) and member is not StrEnum:
            codes.update(item.value for item in member
                         if label(item, language).lower() != item.value)
    return codes


def other_language_texts(language: str, shortest: int = 4) -> set[str]:
    """Texts of the other catalogs that differ from ``language``'s text of the same key (a
    name such as "WhatsApp" or "QCO" is the same in both and is not counted)."""
    mine = catalog(language)
    own_words = set(mine.values())
    return {text for other in ("id", "en") if other != language
            for key, text in catalog(other).items()
            if mine.get(key) != text and text not in own_words and len(text) >= shortest
            and "{" not in text}


def _is_json(text: str) -> bool:
    if not text.strip().startswith(("{", "[")):
        return False
    try:
        return isinstance(json.loads(text), (dict, list))
    except ValueError:
        return False


def problems(texts: Iterable[ScreenText], language: str, usernames: dict[str, str],
             name_columns: Iterable[str] = ()) -> list[str]:
    """What is not written for a person. ``usernames`` maps each account's username to its
    display name; a bare username is a problem outside ``name_columns`` (where the page shows
    the username on purpose, as the login name)."""
    codes, foreign = stored_codes(language), other_language_texts(language)
    allowed_username_columns = set(name_columns)
    found: list[str] = []
    for item in texts:
        text = item.text.strip()
        if not text:
            continue
        label = f"{item.where}{' [' + item.column + ']' if item.column else ''}: {text!r}"
        if MISSING.search(text):
            found.append(f"missing value shown as a word — {label}")
        if PYTHON_BOOL.search(text):
            found.append(f"yes/no shown as True/False — {label}")
        if ISO_DATE.search(text):
            found.append(f"date not DD/MM/YYYY — {label}")
        if _is_json(text):
            found.append(f"raw JSON — {label}")
        if any(code not in TECHNICAL for code in SNAKE_CODE.findall(text)):
            found.append(f"stored code — {label}")
        if item.atomic and text in codes | {" ".join(pair) for pair in _pairs(codes)} \
                and item.column not in allowed_username_columns:
            found.append(f"stored code — {label}")
        if item.atomic and text in usernames and usernames[text] != text \
                and item.column not in allowed_username_columns:
            found.append(f"username instead of the name {usernames[text]!r} — {label}")
        if text in foreign:
            found.append(f"text of the other language — {label}")
    return found


def _pairs(codes: set[str]) -> Iterator[tuple[str, str]]:
    channels = {member.value for member in vocabulary.Channel}
    directions = {member.value for member in vocabulary.Direction}
    return ((channel, direction) for channel in channels for direction in directions
            if channel in codes)
