"""The privacy policy in force: retention per data kind and the consent rule.

Defaults come from the environment (QA_RETENTION_*_DAYS, QA_EXCLUDE_REFUSED_CONSENT); an
admin may change them in the app, which stores the change in ``app_setting`` and audits it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.config import Settings
from qa_app.db.auth_models import AppSetting

SETTING_KEY = "privacy_policy"
DATA_KINDS = ("recordings", "transcripts", "evaluations")


@dataclass(frozen=True)
class PrivacyPolicy:
    retention_recordings_days: int
    retention_transcripts_days: int
    retention_evaluations_days: int
    exclude_refused_consent: bool

    def retention_days(self, kind: str) -> int:
        return int(getattr(self, f"retention_{kind}_days"))


def _defaults(settings: Settings) -> PrivacyPolicy:
    return PrivacyPolicy(settings.retention_recordings_days, settings.retention_transcripts_days,
                         settings.retention_evaluations_days, settings.exclude_refused_consent)


def effective_policy(session: Session, settings: Settings) -> PrivacyPolicy:
    stored = session.get(AppSetting, SETTING_KEY)
    policy = _defaults(settings)
    return replace(policy, **stored.value) if stored and stored.value else policy


def update_policy(session: Session, settings: Settings, by: Principal | str,
                  **changes: int | bool) -> PrivacyPolicy:
    current = effective_policy(session, settings)
    updated = replace(current, **changes)
    for kind in DATA_KINDS:
        if updated.retention_days(kind) < 1:
            raise ValueError(f"retention of {kind} must be at least one day")
    stored = session.get(AppSetting, SETTING_KEY) or AppSetting(key=SETTING_KEY)
    stored.value = asdict(updated)
    stored.updated_by = by.username if isinstance(by, Principal) else by
    stored.updated_at = datetime.now(UTC)
    session.add(stored)
    before, after = asdict(current), asdict(updated)
    audit.record(session, by, "setting_change", target_kind="setting", target_id=SETTING_KEY,
                 details={key: {"from": before[key], "to": after[key]}
                          for key in after if before[key] != after[key]})
    return updated
