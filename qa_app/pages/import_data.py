"""Impor Data: upload one export file, import it, and see what was stored and what was not."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from qa_app.auth.rights import has_right
from qa_app.db.session import session_scope
from qa_app.i18n import t
from qa_app.i18n.labels import title_of
from qa_app.ingest import history, report
from qa_app.ingest.mapping import DEFAULT_MAPPING, MappingError, available_mappings, load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.service import FILE_KINDS, ImportReport
from qa_app.reports.queries import database_overview as overview
from qa_app.services.imports import export_rejected_rows, import_file
from qa_app.web.context import page_context
from qa_app.web.table import show_table
from qa_app.web.uploads import ImportProgress, upload_too_large

LAST_REPORT_KEY = "import_last_report"

page = page_context("import")
principal, requester, language = page.principal, page.requester, page.language
settings, engine = page.settings, page.engine


def run_import(upload: UploadedFile, kind: str, mapping_name: str) -> ImportReport | None:
    """Import the upload with a progress bar; None, after saying why, when it cannot start."""
    too_large = upload_too_large(upload, language)
    if too_large:
        st.error(too_large)
        return None
    try:
        mapping = load_mapping(mapping_name, settings.mappings_dir)
    except MappingError as error:
        st.error(t("ui.import.mapping_error", language, detail=str(error)))
        return None
    progress = ImportProgress(upload.name, language)
    source = TableSource(file_name=upload.name, content=upload.getvalue())
    outcome = import_file(engine, settings, requester, kind, source, mapping, progress=progress)
    progress.clear()
    return outcome.report


def show_report(result: ImportReport) -> None:
    message = report.summary(result, language)
    if result.status == "failed":
        st.error(message)
    elif result.rows_rejected:
        st.warning(message)
    else:
        st.success(message)
    if result.ignored_columns:
        st.caption(t("ui.import.ignored_columns", language, columns=result.ignored_columns))
    if not result.rejections:
        return
    st.subheader(t("ui.import.rejected_rows", language))
    show_table(history.rejections_table(result.rejections, language),
               personal=[t(f"ui.table.{name}", language) for name in ("value", "reason")])
    if len(result.rejections) > history.TABLE_LIMIT:
        st.caption(t("ui.import.rejections_truncated", language, shown=history.TABLE_LIMIT,
                     total=len(result.rejections)))
    st.download_button(t("ui.import.download_rejections", language),
                       data=partial(rejected_rows_csv, result.batch_id),
                       file_name=t("ui.import.rejections_file", language,
                                   stem=Path(result.file_name).stem),
                       mime="text/csv", on_click="ignore", key="download_last_rejections")
    if has_right(principal, "view_unmasked"):
        st.download_button(t("ui.import.download_unmasked", language),
                           data=partial(rejected_rows_csv, result.batch_id, unmasked=True),
                           file_name=t("ui.import.rejections_file", language,
                                       stem=Path(result.file_name).stem + "_asli"),
                           mime="text/csv", on_click="ignore", key="download_unmasked")


def rejected_rows_csv(batch_id: int, unmasked: bool = False) -> bytes:
    """Built only when the button is clicked, outside the script run: no Streamlit calls.
    The service audits the export (and refuses the original cells without the right)."""
    return export_rejected_rows(engine, requester, batch_id, language, unmasked=unmasked)


st.title(t("ui.import.title", language))
st.info(t("ui.import.order_hint", language))

kind_column, mapping_column = st.columns(2)
kind = kind_column.selectbox(t("ui.import.kind", language), FILE_KINDS,
                             format_func=lambda k: t(f"ui.kind.{k}", language), key="import_kind")
mappings = available_mappings(settings.mappings_dir)
mapping_name = mapping_column.selectbox(t("ui.import.mapping", language), mappings,
                                        index=mappings.index(DEFAULT_MAPPING),
                                        format_func=title_of,
                                        help=t("ui.import.mapping_help", language),
                                        key="import_mapping")
upload = st.file_uploader(t("ui.import.file", language), type=["csv", "xlsx"],
                          help=t("ui.import.file_help", language, max_mb=settings.upload_max_mb),
                          max_upload_size=settings.upload_max_mb, key="import_file")
if st.button(t("ui.import.start", language), type="primary", disabled=upload is None,
             key="import_start") and upload is not None:
    st.session_state[LAST_REPORT_KEY] = run_import(upload, kind, mapping_name)
if st.session_state.get(LAST_REPORT_KEY):
    show_report(st.session_state[LAST_REPORT_KEY])

st.divider()
st.subheader(t("ui.import.history", language))
with session_scope(engine) as session:
    batches = overview.recent_batches(session)
    with_rejections = overview.recent_batches(session, with_rejections_only=True)
if not batches:
    st.caption(t("ui.home.no_imports", language))
else:
    show_table(overview.batches_table(batches, language, settings.tz), hide_index=True)
if with_rejections:
    labels = overview.batch_labels(with_rejections, language, settings.tz)
    chosen = st.selectbox(t("ui.import.history_pick", language), list(labels),
                          format_func=labels.__getitem__, key="history_batch")
    st.download_button(t("ui.import.download_rejections", language),
                       data=partial(rejected_rows_csv, chosen),
                       file_name=t("ui.import.history_file", language, id=chosen),
                       mime="text/csv", on_click="ignore", key="download_past_rejections")
