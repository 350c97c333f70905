"""What can refuse a dispute, acknowledgement or correction request; each error carries its
i18n message key (under ``disputes.error.``) and parameters."""

from __future__ import annotations


class DisputeError(ValueError):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(f"{key} {params}" if params else key)
        self.key = key
        self.params = params


class DisputeNotAllowed(DisputeError):
    """The principal may read the evaluation but not do this with it."""
