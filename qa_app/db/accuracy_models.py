"""The pre-score accuracy snapshot: agreement of the pre-scores with the QCOs' final answers.

Written by ``qa_app.review.prescore_accuracy.refresh`` (the nightly duty, the page's "Hitung
ulang" button, ``python -m qa_app prescore-eval --from-database``) over the latest N finalized
evaluations of each form; only the newest snapshot is kept. ``prescore_accuracy_row`` holds one
row per form and item and per week: ``item_id`` NULL is the whole form, ``week`` NULL the whole
window; ``agreement`` and ``kappa`` are NULL where the pre-scorer answered nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from qa_app.db.models import Base
from qa_app.db.types import UTCDateTime


class PrescoreAccuracySnapshot(Base):
    __tablename__ = "prescore_accuracy_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    computed_by: Mapped[str] = mapped_column(String(64))  # a username, or "scheduler"
    window: Mapped[int] = mapped_column(Integer)  # the N of "the latest N per form"
    evaluations: Mapped[int] = mapped_column(Integer)  # compared, all forms together
    first_finalized_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_finalized_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PrescoreAccuracyRow(Base):
    __tablename__ = "prescore_accuracy_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("prescore_accuracy_snapshot.id", ondelete="CASCADE"), index=True)
    form_id: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str | None] = mapped_column(String(16))
    week: Mapped[date | None] = mapped_column(Date)  # the Monday, local time
    evaluations: Mapped[int] = mapped_column(Integer)
    compared: Mapped[int] = mapped_column(Integer)  # items the QCO answered
    answered: Mapped[int] = mapped_column(Integer)  # of those, answered by the pre-scorer
    agreement: Mapped[float | None] = mapped_column(Float)
    kappa: Mapped[float | None] = mapped_column(Float)
