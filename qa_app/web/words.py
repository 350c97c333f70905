"""The vocabulary of the interactions and evaluations in the user's words, for the pages:
a channel with its direction ("Telepon masuk"), a sample kind, an item answer. Codes stay in
the data; only these words reach the screen (see :mod:`qa_app.i18n.labels`)."""

from __future__ import annotations

from qa_app.i18n import t
from qa_app.i18n.labels import label_of
from qa_app.vocabulary import Channel, Direction, HumanAnswer, SampleKind


def channel(code: str | None, language: str) -> str:
    return label_of(Channel, code, language)


def channel_direction(channel_code: str | None, direction: str | None, language: str) -> str:
    """"Telepon masuk", "WhatsApp keluar"; the channel alone when the direction is unknown."""
    if not direction:
        return channel(channel_code, language)
    return t("words.channel_direction", language, channel=channel(channel_code, language),
             direction=label_of(Direction, direction, language))


def sample_kind(code: str | None, language: str) -> str:
    return label_of(SampleKind, code, language)


def answer(code: str | None, language: str) -> str:
    return label_of(HumanAnswer, code, language)
