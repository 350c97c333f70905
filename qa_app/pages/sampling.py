"""Sampling Tapping: preview a week's draw per agent, choose the QCOs it is shared among, run
and confirm it; a stored draw lists its samples and each QCO's progress; verify, export.
Only weeks that hold interactions are offered."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from qa_app.auth import audit
from qa_app.db.session import session_scope
from qa_app.exports import csv_bytes, xlsx_bytes
from qa_app.i18n import t
from qa_app.sampling import availability
from qa_app.sampling import week_tables as tables
from qa_app.sampling.draw_progress import drawn_samples
from qa_app.sampling.export import EXPORT_COLUMNS, export_rows
from qa_app.sampling.reassign import AssignmentError, reassign_absent_reviewer, reassign_sample
from qa_app.sampling.reviewer_pool import pool_choice
from qa_app.sampling.seed_text import format_seed, parse_seed
from qa_app.sampling.service import DrawError, plan_week
from qa_app.sampling.verify import verify_draw
from qa_app.sampling.weeks import IsoWeek
from qa_app.services.draws import draw_week
from qa_app.web.context import page_context
from qa_app.web.table import show_table

PREVIEW_KEY = "sampling_preview"  # (week, seed) of the plan on screen

page = page_context("sampling")
principal, language, settings, engine = page.principal, page.language, page.settings, page.engine
audit_session = page.session_id

st.title(t("sampling_page.title", language))
st.caption(t("sampling_page.help", language))
today = datetime.now(settings.tz).date()
with session_scope(engine) as session:
    weeks = tables.weeks_with_data(session, today, settings.tz)
if not weeks:
    st.info(t("sampling_page.no_weeks", language))
    st.stop()
labels = [str(week) for week in weeks]
this_week = IsoWeek.containing(today)
chosen = st.selectbox(t("sampling_page.week", language), labels,  # the last complete week
                      index=next((i for i, w in enumerate(weeks) if w < this_week), 0),
                      key="sampling_week", help=t("sampling_page.week_help", language))
week = weeks[labels.index(chosen)]
st.caption(t("sampling_page.week_span", language, monday=week.monday.strftime("%d/%m/%Y"),
             sunday=week.sunday.strftime("%d/%m/%Y")))

with session_scope(engine) as session:
    draw = tables.stored_draw(session, week)
    samples = drawn_samples(session, draw.id) if draw else []

def reassignment_section() -> None:
    """Move one waiting sample, or all of an absent reviewer's, always with a reason."""
    with session_scope(engine) as session:
        waiting = availability.waiting_samples(session, str(week))
        people = availability.reviewers(session)
    with st.expander(t("sampling_page.reassign", language)):
        one, absent = st.tabs([t("sampling_page.reassign_one", language),
                               t("sampling_page.reassign_absent", language)])
        with one, st.form("reassign_one"):
            sample_id = st.selectbox(t("sampling_page.sample", language), list(waiting),
                                     format_func=waiting.__getitem__)
            to_reviewer = st.selectbox(t("sampling_page.to_reviewer", language), list(people),
                                       format_func=people.__getitem__)
            reason = st.text_input(t("sampling_page.reason", language))
            if st.form_submit_button(t("sampling_page.move", language)):
                run_reassignment(lambda session: [reassign_sample(
                    session, sample_id, to_reviewer, reason, principal)])
        with absent, st.form("reassign_absent"):
            reviewer = st.selectbox(t("sampling_page.absent_reviewer", language), list(people),
                                    format_func=people.__getitem__)
            days = st.date_input(t("sampling_page.absent_days", language),
                                 (week.monday, week.sunday), format="DD/MM/YYYY")
            first, last = (days[0], days[-1]) if days else (week.monday, week.sunday)
            reason = st.text_input(t("sampling_page.reason", language), key="absent_reason")
            if st.form_submit_button(t("sampling_page.move_all", language)):
                def absent_and_moved(session):  # type: ignore[no-untyped-def]
                    availability.set_absence(session, reviewer, first, last, reason, principal)
                    return reassign_absent_reviewer(session, week, reviewer, reason, principal)
                run_reassignment(absent_and_moved)


def run_reassignment(action) -> None:  # type: ignore[no-untyped-def]
    try:
        with session_scope(engine) as session:
            moved = action(session)
    except (AssignmentError, availability.AbsenceError) as error:
        st.error(error.text(language))
    else:
        st.success(t("sampling_page.moved", language, count=len(moved)))


if draw is not None:
    st.success(t("sampling_page.drawn", language, id=draw.id, by=draw.created_by,
                 at=draw.created_at.astimezone(settings.tz).strftime("%d/%m/%Y %H:%M"),
                 seed=format_seed(int(draw.seed)), version=draw.rule_version))
    st.subheader(t("sampling_page.progress_title", language))
    show_table(tables.progress_table(samples, language), hide_index=True)
    st.subheader(t("sampling_page.samples_title", language, count=len(samples)))
    show_table(tables.samples_table(samples, language), hide_index=True)
    if st.button(t("sampling_page.verify", language), key="sampling_verify"):
        with session_scope(engine) as session:
            result = verify_draw(session, draw.id)
        (st.success if result.matches else st.error)(
            t("sampling_page.verify_match" if result.matches else "sampling_page.verify_mismatch",
              language, id=draw.id, missing=len(result.missing),
              unexpected=len(result.unexpected)))

    def export(kind: str) -> bytes:
        """Built when a download button is clicked; the export is audited."""
        with session_scope(engine) as session:
            rows = export_rows(session, week)
            audit.record(session, principal, "export", target_kind="sample_draw",
                         target_id=draw.id, session_id=audit_session,
                         details={"format": kind, "rows": len(rows)})
        if kind == "csv":
            return csv_bytes(EXPORT_COLUMNS, rows)
        return xlsx_bytes({str(week): (EXPORT_COLUMNS, rows)})

    reassignment_section()
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(t("sampling_page.export_csv", language),
                               data=lambda: export("csv"), file_name=f"sampel-{week}.csv",
                               mime="text/csv", on_click="ignore", key="sampling_csv")
    xlsx_column.download_button(
        t("sampling_page.export_xlsx", language), data=lambda: export("xlsx"),
        file_name=f"sampel-{week}.xlsx", on_click="ignore", key="sampling_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
else:
    seed_text = st.text_input(t("sampling_page.seed", language),
                              help=t("sampling_page.seed_help", language), key="sampling_seed")
    if st.button(t("sampling_page.preview", language), key="sampling_preview_button"):
        try:
            seed = parse_seed(seed_text)
        except ValueError:
            st.error(t("sampling_page.seed_invalid", language, text=seed_text.strip()))
        else:
            with session_scope(engine) as session:
                plan = plan_week(session, week, seed)
            st.session_state[PREVIEW_KEY] = (str(week), plan.seed)
    preview = st.session_state.get(PREVIEW_KEY)
    if preview and preview[0] == str(week):
        with session_scope(engine) as session:
            plan = plan_week(session, week, preview[1])
        required, drawn, targeted, short, done = st.columns(5)
        required.metric(t("sampling_page.required", language), plan.required)
        drawn.metric(t("sampling_page.random", language), plan.drawn)
        targeted.metric(t("sampling_page.targeted", language), plan.targeted)
        short.metric(t("sampling_page.shortfall", language), plan.shortfall)
        done.metric(t("sampling_page.completion", language), f"{plan.completion:.0%}")
        st.caption(t("sampling_page.seed_line", language, seed=format_seed(plan.seed),
                     version=plan.rules.version))
        if plan.drawn + plan.targeted == 0:
            st.warning(t("sampling_page.empty_pool", language))
        show_table(tables.plan_table(plan, language), hide_index=True)
        st.subheader(t("sampling_page.exclusions", language))
        show_table(tables.exclusions_table(plan, language), hide_index=True)
        with session_scope(engine) as session:
            pool = pool_choice(session, week, plan.rules.assignment)
        reviewer_ids = st.multiselect(
            t("sampling_page.pool", language), list(pool.available), default=pool.proposed,
            format_func=pool.available.__getitem__, key="sampling_reviewers",
            help=t("sampling_page.pool_help", language), placeholder=t("ui.choose", language))
        if not reviewer_ids:
            st.warning(t("sampling_page.pool_empty", language))
        confirmed = st.checkbox(t("sampling_page.confirm", language), key="sampling_confirm")
        if st.button(t("sampling_page.run", language), type="primary",
                     disabled=not confirmed or not reviewer_ids, key="sampling_run"):
            try:
                outcome = draw_week(engine, settings, week, by=principal,
                                    seed=plan.seed, reviewer_ids=reviewer_ids)
            except DrawError as error:
                st.error(error.text(language))
            else:
                result = outcome.result
                st.session_state.pop(PREVIEW_KEY, None)
                st.success(t("sampling_page.saved", language, id=result.draw_id,
                             samples=len(result.plan.picks()), reviewers=result.reviewers,
                             transcriptions=outcome.transcriptions_queued))
                st.button(t("sampling_page.show", language), key="sampling_show")
