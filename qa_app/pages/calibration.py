"""Kalibrasi: the QCO lead sets sessions up, follows and closes them and reads the results;
every participant (QCO or lead) finds the items they still have to score, blind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st

from qa_app.calibration.stats import AGREEMENT_TARGET, TOTAL_TOLERANCE, SessionResult
from qa_app.i18n import t
from qa_app.review.errors import ReviewError
from qa_app.scoring.item_keys import ItemKey
from qa_app.services import calibration
from qa_app.web import calibration_review
from qa_app.web.context import page_context
from qa_app.web.report_tables import form_name, item_label
from qa_app.web.table import show_table

page = page_context("calibration")
principal, language, zone = page.principal, page.language, page.settings.tz
st.title(t("calibration.nav.calibration", language))
if notice := st.session_state.pop(calibration_review.NOTICE_KEY, None):
    st.success(t(notice, language))
is_lead = principal.role == "qco_lead"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def rounded(value: float | None, digits: int = 1) -> float | None:
    """A table cell: a number (the table guard quotes text that starts with a minus)."""
    return None if value is None else round(value, digits)


def my_items() -> None:
    st.subheader(t("calibration.mine.title", language))
    with page.session() as session:
        due = calibration.due_calibrations(session, principal.user_id)
    if not due:
        st.info(t("calibration.mine.none", language))
    for entry in due:
        st.markdown(t("calibration.mine.session", language, title=entry.title,
                      due=entry.due_on.strftime("%d/%m/%Y"), count=len(entry.item_ids)))
        for item_id, source_id in zip(entry.item_ids, entry.source_ids, strict=True):
            if st.button(t("calibration.mine.score", language, id=source_id),
                         key=f"calibration_score_{item_id}"):
                calibration_review.choose(st.session_state, item_id, "review_sample_id")
                st.switch_page("../pages/review.py")


def setup_form() -> None:
    with page.session() as session:
        people = calibration.scorers(session)
    with st.form("calibration_new"):
        title = st.text_input(t("calibration.new.title", language), key="calibration_title")
        due = st.date_input(t("calibration.new.due", language), format="DD/MM/YYYY",
                            value=datetime.now(UTC).astimezone(zone).date() + timedelta(days=7),
                            key="calibration_due")
        participants = st.multiselect(t("calibration.new.participants", language),
                                      [p for p in people if p != principal.user_id],
                                      format_func=people.__getitem__,
                                      key="calibration_participants",
                                      placeholder=t("ui.choose", language))
        sources = st.text_area(t("calibration.new.sources", language),
                               help=t("calibration.new.sources_help", language),
                               key="calibration_sources")
        week_column, count_column, seed_column = st.columns(3)
        week = week_column.text_input(t("calibration.new.week", language),
                                      placeholder="2026-W47", key="calibration_week")
        count = count_column.number_input(t("calibration.new.count", language), min_value=0,
                                          max_value=20, value=0, key="calibration_count")
        seed = seed_column.text_input(t("calibration.new.seed", language),
                                      key="calibration_seed")
        baseline_choices = [None, principal.user_id, *people]
        baseline = st.selectbox(
            t("calibration.new.baseline", language), list(dict.fromkeys(baseline_choices)),
            format_func=lambda u: t("calibration.new.baseline_none", language) if u is None
            else (t("calibration.new.baseline_me", language) if u == principal.user_id
                  else people.get(u, str(u))), key="calibration_baseline")
        hide_ai = st.checkbox(t("calibration.new.hide_ai", language), value=True,
                              key="calibration_hide_ai")
        hide_agent = st.checkbox(t("calibration.new.hide_agent", language),
                                 key="calibration_hide_agent")
        if not st.form_submit_button(t("calibration.new.create", language), type="primary"):
            return
    new = calibration.NewSession(
        title=title, due_on=due, participant_ids=participants,
        source_ids=sources.split(), draw_week=week.strip() or None, draw_count=int(count),
        seed=int(seed) if seed.strip().isdigit() else None, baseline_user_id=baseline,
        hide_ai=hide_ai, hide_agent=hide_agent)
    try:
        with page.session() as session:
            created = calibration.create_session(session, principal, new,
                                                 now=datetime.now(UTC), zone=zone)
    except ReviewError as error:
        st.error(t(error.key, language, **error.params))
        return
    st.success(t("calibration.new.created", language, id=created))


def results_view(figures: calibration.SessionResults) -> None:
    result: SessionResult = figures.result
    agreement, within, alpha = st.columns(3)
    agreement.metric(t("calibration.results.agreement", language), percent(result.agreement),
                     help=t("calibration.results.agreement_help", language,
                            target=percent(AGREEMENT_TARGET)))
    within.metric(t("calibration.results.within", language), percent(result.within_tolerance),
                  help=t("calibration.results.within_help", language,
                         points=f"{TOTAL_TOLERANCE:g}"))
    alpha.metric(t("calibration.results.alpha", language), number(result.alpha, 3))
    if result.agreement is not None and result.agreement < AGREEMENT_TARGET:
        st.warning(t("calibration.results.below_target", language,
                     target=percent(AGREEMENT_TARGET)))
    wording = figures.wording
    if fatal := [item_label(i.form, i.item_id, wording, language)
                 for i in result.items if i.fatal and i.flagged]:
        st.error(t("calibration.results.fatal_flag", language, items=", ".join(fatal)))
    col = lambda name: t(f"calibration.results.col.{name}", language)  # noqa: E731
    st.subheader(t("calibration.results.per_interaction", language))
    show_table(pd.DataFrame({
        col("interaction"): [figures.source_ids.get(u.key, "?") for u in result.units],
        col("agreement"): [percent(u.agreement) for u in result.units],
        col("lowest"): [rounded(u.spread.lowest if u.spread else None) for u in result.units],
        col("highest"): [rounded(u.spread.highest if u.spread else None)
                         for u in result.units],
        col("stdev"): [rounded(u.spread.stdev if u.spread else None) for u in result.units],
        col("reference"): [rounded(u.reference_total) for u in result.units],
        col("within"): [percent(u.within_tolerance) for u in result.units],
        col("fatal"): [", ".join(u.fatal_disagreements) for u in result.units],
        col("meets"): ["✓" if u.meets_targets else "✗" for u in result.units]}))
    st.subheader(t("calibration.results.per_item", language))
    show_table(pd.DataFrame({
        t("reports.col.form_name", language): [form_name(i.form, wording, language)
                                               for i in result.items],
        col("item"): [i.item_id for i in result.items],
        col("text"): [wording.texts.get(ItemKey(i.form, i.item_id), "") for i in result.items],
        col("fatal_item"): ["✓" if i.fatal else "" for i in result.items],
        col("agreement"): [percent(i.agreement) for i in result.items],
        col("alpha"): [rounded(i.alpha, 3) for i in result.items],
        col("flag"): ["⚠" if i.flagged else "" for i in result.items]}))
    st.subheader(t("calibration.results.per_qco", language))
    show_table(pd.DataFrame({
        col("qco"): [figures.names.get(r.rater, "?") for r in result.raters],
        col("signed"): [rounded(r.mean_signed) for r in result.raters],
        col("absolute"): [rounded(r.mean_absolute) for r in result.raters],
        col("agreement"): [percent(r.agreement) for r in result.raters],
        col("within"): [percent(r.within_tolerance) for r in result.raters]}))


def sessions_view() -> None:
    st.subheader(t("calibration.sessions.title", language))
    with page.session() as session:
        sessions = calibration.list_sessions(session, principal)
    if not sessions:
        st.info(t("calibration.sessions.none", language))
        return
    col = lambda name: t(f"calibration.sessions.col.{name}", language)  # noqa: E731
    show_table(pd.DataFrame({
        col("id"): [s.id for s in sessions], col("title"): [s.title for s in sessions],
        col("status"): [t(f"calibration.status.{s.status}", language) for s in sessions],
        col("due"): [s.due_on.strftime("%d/%m/%Y") for s in sessions],
        col("progress"): [f"{s.submitted}/{s.expected}" for s in sessions]}))
    by_id = {s.id: s for s in sessions}
    chosen = st.selectbox(t("calibration.sessions.pick", language), list(by_id),
                          format_func=lambda i: f"#{i} · {by_id[i].title}",
                          key="calibration_pick")
    picked = by_id[chosen]
    if picked.status == "open":
        st.caption(t("calibration.sessions.still_open", language))
        if is_lead and st.button(t("calibration.sessions.close", language), type="primary",
                                 key="calibration_close"):
            with page.session() as session:
                calibration.close_session(session, principal, picked.id, now=datetime.now(UTC))
            st.rerun()
        return
    with page.session() as session:
        figures = calibration.results(session, principal, picked.id)
    results_view(figures)


if principal.role in calibration.SCORERS:
    my_items()
if is_lead:
    with st.expander(t("calibration.new.heading", language)):
        setup_form()
if principal.role in calibration.READERS:
    sessions_view()
