"""CSI survey answers (1–5), linked to a case and, when the export names it, an interaction.

A response is keyed by the survey's own id when the export has one, otherwise by case,
interaction and answer time together.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.models import CsiResponse, Interaction
from qa_app.ingest.kinds import ImportContext, KindImporter
from qa_app.ingest.store import KEY_QUERY_BATCH, WriteCounts, upsert
from qa_app.ingest.validate import CheckedChunk, FieldSpec, flag_duplicates, length_of

FIELDS = (
    FieldSpec("response_id", "text", max_length=length_of(CsiResponse.response_key)),
    FieldSpec("case_id", "text", max_length=length_of(CsiResponse.case_id)),
    FieldSpec("interaction_source_id", "text", max_length=length_of(Interaction.source_id)),
    FieldSpec("score", "score", required=True),
    FieldSpec("answered_at", "datetime", required=True, happened=True),
    FieldSpec("comment", "text"),
)


def _interactions(session: Session, source_ids: list[str]) -> dict[str, tuple[int, str | None]]:
    found: dict[str, tuple[int, str | None]] = {}
    for start in range(0, len(source_ids), KEY_QUERY_BATCH):
        batch = source_ids[start:start + KEY_QUERY_BATCH]
        query = select(Interaction.source_id, Interaction.id, Interaction.case_id)
        for source_id, interaction_id, case_id in session.execute(
            query.where(Interaction.source_id.in_(batch))
        ):
            found[source_id] = (interaction_id, case_id)
    return found


def _check(session: Session, checked: CheckedChunk, context: ImportContext) -> None:
    frame = checked.frame
    named = frame["interaction_source_id"]
    linked = _interactions(session, sorted(set(named.dropna())))
    context.lookups["interactions"] = linked
    checked.flag("interaction_source_id", named.notna() & ~named.isin(list(linked)),
                 "unknown_interaction")
    checked.flag("case_id", frame["case_id"].isna() & named.isna(), "missing_case_or_interaction")
    composed = (frame["case_id"].fillna("") + "|" + named.fillna("") + "|"
                + frame["answered_at"].astype(str))
    frame["response_key"] = frame["response_id"].where(frame["response_id"].notna(), composed)
    has_own_id = frame["response_id"].notna().any()
    flag_duplicates(checked, "response_key", context.seen_keys,
                    report_field="response_id" if has_own_id else "answered_at")


def _write(session: Session, frame: pd.DataFrame, context: ImportContext) -> WriteCounts:
    linked = context.lookups["interactions"]
    interaction = frame["interaction_source_id"].map(lambda s: linked.get(s, (None, None)))
    case_of_interaction = interaction.map(lambda pair: pair[1])
    rows = pd.DataFrame({
        "response_key": frame["response_key"],
        "case_id": frame["case_id"].where(frame["case_id"].notna(), case_of_interaction),
        "interaction_id": interaction.map(lambda pair: pair[0]).astype(object),
        "score": frame["score"].astype(int),
        "answered_at": frame["answered_at"],
        "comment": frame["comment"],
        "row_hash": frame["row_hash"],
        "import_batch_id": context.batch_id,
    })
    table = CsiResponse.__table__
    return upsert(session, table, "response_key", rows, fresh=context.is_fresh(session, table))


IMPORTER = KindImporter("csi", FIELDS, "response_key", _check, _write)
