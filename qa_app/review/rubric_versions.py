"""The stored version of a form: the row every pre-score and evaluation points to."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.work_models import RubricVersion
from qa_app.scoring.schema import Form


def rubric_version_id(session: Session, form: Form) -> int:
    """The stored version of ``form``, added the first time it is used."""
    found = session.scalar(select(RubricVersion.id).where(
        RubricVersion.rubric_id == form.id, RubricVersion.content_hash == form.content_hash()))
    if found is not None:
        return found
    row = RubricVersion(rubric_id=form.id, version=str(form.version),
                        content_hash=form.content_hash(),
                        document=form.model_dump(mode="json", by_alias=True),
                        created_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    return row.id
