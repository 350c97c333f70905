"""The words a person reads for the codes the app stores: one catalog key per enum member.

A member of a vocabulary enum (:mod:`qa_app.vocabulary`) is shown through
``vocab.<enum in snake case>.<value>``, so ``Channel.VOICE`` reads "Telepon" and
``SampleKind.TARGETED`` "Tertarget"; no page writes the stored code itself. Yes/no and an
empty value have one word each too. This module knows the enums by their class, not by
import: the vocabulary sits beside the catalogs, in the same layer.
"""

from __future__ import annotations

import re
from enum import StrEnum

from qa_app.i18n import t

EMPTY = "—"
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def key_of(member: StrEnum) -> str:
    """The catalog key of ``member`` (``Channel.VOICE`` → ``vocab.channel.voice``)."""
    return f"vocab.{_CAMEL.sub('_', type(member).__name__).lower()}.{member.value}"


def label(member: StrEnum, language: str) -> str:
    """The word for ``member`` in ``language``."""
    return t(key_of(member), language)


def label_of(kind: type[StrEnum], code: str | None, language: str) -> str:
    """The word for the stored ``code`` of ``kind``; the empty mark when there is none.

    A code that is not a member (an old value still in the database) is shown as it is, so
    that nothing disappears from the screen.
    """
    if code is None or code == "":
        return EMPTY
    try:
        return label(kind(code), language)
    except ValueError:
        return str(code)


def title_of(name: str) -> str:
    """A name kept as a file stem ("omni_channel", a column mapping) as a title: "Omni
    Channel"."""
    return name.replace("_", " ").title()


def yes_no(value: bool | None, language: str) -> str:
    """"Ya" / "Tidak" (the empty mark for an unknown)."""
    if value is None:
        return EMPTY
    return t("words.yes" if value else "words.no", language)
