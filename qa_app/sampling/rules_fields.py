"""Typed reading of one section of the rules mapping, with errors that name the field."""

from __future__ import annotations

from typing import Any, NoReturn


class RulesError(ValueError):
    """A rules file or stored rules snapshot that cannot be used."""


class Fields:
    """A mapping found at ``path`` inside the rules read from ``source``."""

    def __init__(self, data: Any, source: str, path: str, optional: bool = False) -> None:
        self.source, self.path = source, path
        if data is None and optional:
            data = {}
        if not isinstance(data, dict):
            self.fail("", "expected a mapping of fields")
        self.data: dict[str, Any] = data

    def fail(self, name: str, problem: str) -> NoReturn:
        field = ".".join(part for part in (self.path, name) if part) or "(top level)"
        raise RulesError(f"{self.source}: field {field}: {problem}. Correct it and try again.")

    def _get(self, name: str) -> Any:
        if name not in self.data:
            self.fail(name, "missing")
        return self.data[name]

    def section(self, name: str, optional: bool = False) -> Fields:
        return Fields(self.data.get(name) if optional else self._get(name), self.source,
                      f"{self.path}.{name}".lstrip("."), optional)

    def sections(self, name: str) -> list[Fields]:
        entries = self._get(name)
        if not isinstance(entries, list):
            self.fail(name, "expected a list")
        return [Fields(entry, self.source, f"{self.path}.{name}[{index}]".lstrip("."))
                for index, entry in enumerate(entries)]

    def text(self, name: str) -> str:
        value = self._get(name)
        if not isinstance(value, str) or not value.strip():
            self.fail(name, f"expected a non-empty text, got {value!r}")
        return value

    def optional_text(self, name: str) -> str | None:
        return self.text(name) if name in self.data else None

    def texts(self, name: str) -> tuple[str, ...]:
        values = self._get(name)
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.fail(name, f"expected a list of texts, got {values!r}")
        return tuple(values)

    def choices(self, name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        values = self.texts(name)
        unknown = [v for v in values if v not in allowed]
        if unknown:
            self.fail(name, f"unknown value(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}")
        return values

    def count(self, name: str) -> int:
        value = self._get(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(name, f"expected a whole number ≥ 0, got {value!r}")
        return value

    def optional_count(self, name: str) -> int | None:
        return self.count(name) if name in self.data else None

    def counts(self, name: str) -> dict[str, int]:
        values = self.section(name)
        return {key: values.count(key) for key in values.data}

    def number(self, name: str) -> float:
        value = self._get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            self.fail(name, f"expected a number ≥ 0, got {value!r}")
        return float(value)

    def flag(self, name: str) -> bool:
        value = self._get(name)
        if not isinstance(value, bool):
            self.fail(name, f"expected true or false, got {value!r}")
        return value

    def rate_values(self, required: bool = False) -> dict[str, int]:
        """``weekly`` and ``monthly_cap``: both required in the base rates, either in overrides."""
        names = [n for n in ("weekly", "monthly_cap") if required or n in self.data]
        return {name: self.count(name) for name in names}
