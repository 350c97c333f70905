"""The light tables of a page rendered in AppTest (``qa_app.web.table.light_table``), read
back as frames: headers as shown, figure cells as numbers, every other cell as its text
("—" where the cell is missing)."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
from streamlit.testing.v1 import AppTest

from qa_app.web.table import LIGHT_TABLE_CLASS


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headers: list[str] = []
        self.rows: list[list[object]] = []
        self._cell: list[str] | None = None
        self._number = False
        self._spans = False
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []
            self._number = ("class", "qa-number") in attrs
            self._spans = dict(attrs).get("colspan") is not None

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None:
            text = "".join(self._cell)
            if tag == "th":
                self.headers.append(text)
            elif self._spans:  # the one cell of an empty table
                self.rows.pop()
            else:
                self.rows[-1].append(_number(text) if self._number else text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def is_light_table(body: str) -> bool:
    return f'class="{LIGHT_TABLE_CLASS}"' in body


def read_light_table(body: str) -> pd.DataFrame:
    reader = _TableReader()
    reader.feed(body)
    return pd.DataFrame(reader.rows, columns=reader.headers)


def light_tables(app: AppTest) -> list[pd.DataFrame]:
    """Every light table of the page, in the page's order."""
    return [read_light_table(element.proto.body) for element in app.get("html")
            if is_light_table(element.proto.body)]
