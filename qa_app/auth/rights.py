"""Rights beyond reading rows: which roles may do a sensitive thing with what they can see."""

from __future__ import annotations

from qa_app.auth.principal import Principal
from qa_app.vocabulary import Role

RIGHTS: dict[str, frozenset[str]] = {
    # Unmasked transcripts (kept only with QA_KEEP_UNMASKED_TRANSCRIPTS) are for the QCO lead,
    # who rules on disputes; every view is audited as "unmasked_view".
    "view_unmasked": frozenset({Role.QCO_LEAD}),
    # Recording a customer's consent decision reveals nothing of the call.
    "change_consent": frozenset({Role.ADMIN, Role.QCO_LEAD}),
    # Re-sending stranded jobs acts on the whole queue, not on the jobs a QCO may see.
    "requeue_jobs": frozenset({Role.QCO_LEAD}),
    # A redacted recording for someone outside the QA team (a complaint file, an auditor):
    # the QCO lead, who rules on disputes and complaints; each export audited with its reason.
    "export_recording": frozenset({Role.QCO_LEAD}),
    # The call categories are the QCO lead's, like the rubric: adding one re-tags every call.
    "edit_categories": frozenset({Role.QCO_LEAD}),
    # Sending a screened call's risk flag to a targeted review, or dismissing it (managers
    # read the flags only).
    "act_on_risk_flags": frozenset({Role.QCO_LEAD}),
}


def has_right(principal: Principal, right: str) -> bool:
    try:
        return principal.role in RIGHTS[right]
    except KeyError:
        raise ValueError(f"unknown right {right!r}") from None
