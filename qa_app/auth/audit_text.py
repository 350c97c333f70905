"""The audit log as a person reads it: names instead of usernames and user ids, the objects
and outcomes in words, and the details as "Label: value" instead of JSON; times in the
center's zone. The screen and the export use the same rows (:func:`readable_rows`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.auth_models import AuditEvent, UserAccount
from qa_app.i18n import catalog, t
from qa_app.i18n.dates import day_text, moment_text
from qa_app.i18n.labels import EMPTY, title_of, yes_no

COLUMNS = ("at", "user", "action", "target", "outcome", "details", "session", "client")
CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# details that hold the name of a column mapping (a file stem)
MAPPING_DETAILS = frozenset({"mapping"})
# details whose numbers are user ids (the reviewer a sample moved from and to)
USER_ID_DETAILS = {"assignment_change": ("from", "to"), "calibration": ("baseline",),
                   "risk_flag": ("reviewer_id",)}
SEPARATOR = " · "


def people(session: Session) -> tuple[dict[str, str], dict[int, str]]:
    """Display names by username and by user id, for every account (also disabled ones)."""
    rows = session.execute(select(UserAccount.id, UserAccount.username, UserAccount.display_name))
    by_name: dict[str, str] = {}
    by_id: dict[int, str] = {}
    for user_id, username, display_name in rows:
        by_name[username] = by_id[user_id] = display_name or username
    return by_name, by_id


def _known(key: str, language: str) -> str | None:
    return catalog(language).get(key) or catalog("en").get(key)


def actor_text(username: str, names: Mapping[str, str], language: str) -> str:
    """The account's name, or the word for a non-person actor ("demo", "cli", "scheduler")."""
    if username in names:
        return names[username]
    actor = username.split(":", 1)
    word = _known(f"words.audit.actor.{actor[0]}", language)
    if word is None:
        return username
    return f"{word} ({actor[1]})" if len(actor) > 1 else word


def _value(value: Any, language: str, names: Mapping[int, str] | None = None) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return yes_no(value, language)
    if names is not None and isinstance(value, int):
        return names.get(value, f"#{value}")
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(item, language, names) for item in value) or EMPTY
    if isinstance(value, dict):
        if set(value) == {"from", "to"}:
            return f"{_value(value['from'], language)} → {_value(value['to'], language)}"
        return "; ".join(f"{_label(key, language)}: {_value(item, language)}"
                         for key, item in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        if ISO_DAY.match(value) or ISO_MOMENT.match(value):
            return day_text(value)
        if CODE.match(value):
            return _word(value, language) or value
    return str(value)


def _word(code: str, language: str) -> str | None:
    """A stored code as a word: an audit value, a role, or any vocabulary member."""
    for key in (f"words.audit.value.{code}", f"access.role.{code}"):
        word = _known(key, language)
        if word is not None:
            return word
    suffix = f".{code}"
    return next((word for key, word in catalog(language).items()
                 if key.startswith("vocab.") and key.endswith(suffix)), None)


def _label(key: str, language: str) -> str:
    return _known(f"words.audit.detail.{key}", language) or key.replace("_", " ")


def details_text(event: AuditEvent, language: str,
                 user_names: Mapping[int, str] | None = None) -> str:
    """The event's details as "Label: value · Label: value", by key (PostgreSQL's JSONB
    keeps no insertion order, so both databases show the same line)."""
    if not event.details:
        return ""
    id_keys = USER_ID_DETAILS.get(event.action, ())
    return SEPARATOR.join(
        f"{_label(key, language)}: {_detail(key, value, language, user_names, id_keys)}"
        for key, value in sorted(event.details.items()))


def _detail(key: str, value: Any, language: str, user_names: Mapping[int, str] | None,
            id_keys: Sequence[str]) -> str:
    if key in MAPPING_DETAILS and isinstance(value, str):
        return title_of(value)
    return _value(value, language, user_names if key in id_keys else None)


def target_text(event: AuditEvent, names: Mapping[str, str], language: str) -> str:
    if not event.target_kind and not event.target_id:
        return ""
    shown = event.target_id or ""
    if event.target_kind == "user":
        shown = names.get(shown, shown)
    if not event.target_kind:
        return shown
    word = _known(f"words.audit.target.{event.target_kind}", language)
    if word is None:
        return f"{event.target_kind.replace('_', ' ')} {shown}".strip()
    return t(f"words.audit.target.{event.target_kind}", language, id=shown).strip()


def readable_rows(events: Sequence[AuditEvent], tz: ZoneInfo, language: str,
                  names: Mapping[str, str], user_names: Mapping[int, str]
                  ) -> list[tuple[str, ...]]:
    """One row per event in :data:`COLUMNS` order, every cell written for a person."""
    return [(
        moment_text(event.at, tz, seconds=True),
        actor_text(event.username, names, language),
        t(f"access.audit.action.{event.action}", language),
        target_text(event, names, language),
        _known(f"words.audit.outcome.{event.outcome}", language) or event.outcome,
        details_text(event, language, user_names),
        event.session_id or "",
        event.client_address or "",
    ) for event in events]


def headers(language: str) -> list[str]:
    return [t(f"access.audit.col.{column}", language) for column in COLUMNS]
