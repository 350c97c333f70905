"""A keyed digest of what was typed into the username field when it names no account.

Such text is often a password typed into the wrong field, so the audit log never keeps it.
The digest still shows an admin that failed attempts came from the same typed name. Its key
is ``QA_SECRET_KEY`` when that is set, so that someone holding only the database cannot test
guesses against it; otherwise a random key made once per install and kept in ``app_setting``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.auth_models import AppSetting

KEY_SETTING = "typed_name_digest_key"
# 8 hex digits (32 bits) tell the few names typed at one install apart; a shorter digest says
# less about any one name to someone who has the key.
DIGEST_LENGTH = 8
UNKNOWN_USERNAME = "?"


def typed_name_digest(session: Session, typed: str, settings: Settings) -> str:
    key = _key(session, settings)
    return hmac.new(key, typed.strip().encode(), hashlib.sha256).hexdigest()[:DIGEST_LENGTH]


def _key(session: Session, settings: Settings) -> bytes:
    secret = settings.secret_key.get_secret_value()
    if secret:
        return secret.encode()
    stored = session.get(AppSetting, KEY_SETTING)
    if stored is None:
        stored = AppSetting(key=KEY_SETTING, value=secrets.token_hex(32), updated_by="system",
                            updated_at=datetime.now(UTC),
                            note="key of the digest of unknown usernames in the audit log")
        try:
            with session.begin_nested():  # two first failed logins at once: one key wins
                session.add(stored)
        except IntegrityError:  # the other one's key is there now
            return _key(session, settings)
    return bytes.fromhex(stored.value)
