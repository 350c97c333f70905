"""What can refuse a coaching action; each error carries its i18n key and parameters."""

from __future__ import annotations


class CoachingError(ValueError):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(f"{key} {params}" if params else key)
        self.key = key
        self.params = params
