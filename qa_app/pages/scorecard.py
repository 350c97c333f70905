"""Agent scorecard: scores, failed items with their evidence, CSI and the trend of one agent;
team leads open coaching sessions from it and agents acknowledge them. An agent sees only
their own card: the team and agent lists come from the role's scope, whatever the URL asks
for. The month and team are those chosen on the other report pages; the lists of evaluations
and failed items are the month's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st

from qa_app.coaching import service as coaching
from qa_app.coaching.errors import CoachingError
from qa_app.db.session import session_scope
from qa_app.i18n import t
from qa_app.i18n.dates import day_text, moment_text
from qa_app.pages import report_parts as parts
from qa_app.reports.queries.evaluation_rows import item_wording
from qa_app.reports.queries.quality import visible_agents, visible_teams
from qa_app.reports.rollups.periods import month_of_week
from qa_app.scoring.describe import clock, describe_evidence
from qa_app.web import report_tables as tables
from qa_app.web import words
from qa_app.web.context import page_context
from qa_app.web.table import light_table

page = page_context("reports_scorecard")
principal, language, settings, engine = page.principal, page.language, page.settings, page.engine


def _said(clip: dict[str, object]) -> str:
    """A stored evidence entry in words (a measure, an absence, or the words heard)."""
    note, values = clip.get("note"), clip.get("values")
    return describe_evidence(str(note) if note else None,
                             values if isinstance(values, dict) else {},
                             str(clip.get("text") or ""), float(str(clip.get("start") or 0)),
                             language)


st.title(t("reports.scorecard.title", language))
asked = st.query_params.get("agent", "")
with session_scope(engine) as session:
    teams = visible_teams(session, principal)
    wording = item_wording(session)
    # the team of the agent the URL asks for, when the principal may read that agent
    asked_team = next((team for team in teams if any(
        employee_id == asked for _, employee_id, _ in visible_agents(session, principal, team))),
        None) if asked else None
if not teams:
    st.info(t("reports.scorecard.none", language))
    st.stop()
team_column, agent_column, month_column = st.columns(3)
team = parts.team_picker(teams, language, "scorecard_team", team_column, preferred=asked_team)
with session_scope(engine) as session:
    agents = visible_agents(session, principal, team)
if not agents:
    st.info(t("reports.scorecard.none", language))
    st.stop()
labels = {agent_id: f"{name} ({employee_id})" for agent_id, employee_id, name in agents}
preferred = next((agent_id for agent_id, employee_id, _ in agents if employee_id == asked), None)
agent_id = agent_column.selectbox(
    t("reports.col.agent", language), list(labels), format_func=labels.get,
    index=list(labels).index(preferred) if preferred else 0, key="scorecard_agent")
month = parts.month_picker(principal, language, "scorecard_month", month_column)
view = parts.load_view(principal, month, "agent", agent_id=agent_id)

this_month, rolling = parts.of_month(view.qm_month, month), parts.of_month(view.qm_rolling, month)
survey = parts.of_month(view.csi, month)
qm_figure, rolling_figure = tables.figure(this_month, "qm"), tables.figure(rolling, "qm")
interval = (tables.interval_text(this_month["low"].iloc[0], this_month["high"].iloc[0], language)
            if len(this_month) else "–")
qm_metric, rolling_metric, csi_metric, fatal_metric = st.columns(4)
qm_metric.metric(t("reports.metric.qm", language), qm_figure,
                 tables.target_delta(qm_figure, settings.qm_target, language),
                 help=t("reports.metric.qm_card_help", language,
                        n=int(this_month["evaluations"].sum()) if len(this_month) else 0,
                        interval=interval))
rolling_metric.metric(t("reports.metric.rolling", language), rolling_figure,
                      tables.target_delta(rolling_figure, settings.qm_target, language))
csi_metric.metric(t("reports.metric.csi", language), tables.figure(survey, "index"),
                  survey["band"].iloc[0] if len(survey) else None, delta_color="off",
                  delta_arrow="off")
fatal_metric.metric(t("reports.metric.fatal", language),
                    int(this_month["fatal"].sum()) if len(this_month) else 0)
st.subheader(t("reports.section.qm_card", language, month=month))
light_table(tables.display(this_month, ("month", *tables.QM_COLUMNS), language))
st.caption(t("reports.margin_note", language))
parts.heading(t("reports.chart.qm_weekly", language))
st.vega_lite_chart(spec=parts.qm_trend(view.trend_week, "week", language))

st.subheader(t("reports.section.evaluations", language))
shown = parts.evaluations_of(principal, month, agent_id)
light_table(tables.display(shown, ("evaluation_id", "week", "kind", "score", "fatal"),
                           language))

st.subheader(t("reports.section.failed_items", language))
with session_scope(engine) as session:
    failed = coaching.failed_items(session, principal, agent_id)  # all: coaching chooses
failed_in_month = [item for item in failed if month_of_week(item.week) == month]
light_table(pd.DataFrame({
    t("reports.col.evaluation_id", language): [item.evaluation_id for item in failed_in_month],
    t("reports.col.week", language): [item.week for item in failed_in_month],
    t("reports.col.form_name", language): [tables.form_name(item.form, wording, language)
                                           for item in failed_in_month],
    t("reports.col.item_id", language): [item.item_id for item in failed_in_month],
    t("reports.col.item_text", language): [item.text for item in failed_in_month],
    t("reports.col.answer", language): [words.answer(item.answer, language)
                                        for item in failed_in_month],
    t("reports.col.evidence", language): [
        " | ".join(f"{clock(float(clip.get('start') or 0))} {_said(clip)}"
                   for clip in item.evidence)
        for item in failed_in_month],
}), personal=[t("reports.col.evidence", language)])

st.subheader(t("reports.section.csi", language))
light_table(tables.display(view.csi, tables.CSI_COLUMNS, language))

st.header(t("coaching.title", language))
if principal.role == "team_lead" and failed:
    choices = {f"{item.evaluation_id}/{item.item_id}": item for item in failed}
    with st.form("coaching_new", clear_on_submit=True, enter_to_submit=False):
        chosen = st.multiselect(
            t("coaching.focus", language), list(choices), key="coaching_focus",
            format_func=lambda key: t(
                "coaching.focus_label", language, evaluation=choices[key].evaluation_id,
                week=choices[key].week,
                item=tables.item_label(choices[key].form, choices[key].item_id, wording, language),
                text=choices[key].text, answer=words.answer(choices[key].answer, language)),
            placeholder=t("ui.choose", language))
        actions = st.text_area(t("coaching.actions", language), key="coaching_actions",
                               help=t("coaching.actions_help", language))
        due = st.date_input(t("coaching.due", language), key="coaching_due", format="DD/MM/YYYY",
                            value=datetime.now(settings.tz).date() + timedelta(days=14))
        notes = st.text_area(t("coaching.notes", language), key="coaching_notes")
        submitted = st.form_submit_button(t("coaching.create", language), type="primary")
    if submitted:
        try:
            with session_scope(engine) as session:
                created = coaching.create_session(
                    session, principal, agent_id,
                    [(choices[key].evaluation_id, choices[key].item_id) for key in chosen],
                    actions.splitlines(), due, notes, datetime.now(UTC),
                    session_id=page.session_id)
                st.success(t("coaching.created", language, id=created.id))
        except CoachingError as error:
            st.error(t(error.key, language, **error.params))

acknowledging: tuple[int, str] | None = None
with session_scope(engine) as session:
    sessions = coaching.sessions_of(session, principal, agent_id)
    if not sessions:
        st.caption(t("coaching.none", language))
    for shown_session in sessions:
        row = shown_session.session
        with st.container(border=True):
            st.markdown(t("coaching.session_line", language, id=row.id, coach=row.coach,
                          at=day_text(row.created_at.astimezone(settings.tz)),
                          due=day_text(row.due_date)))
            if row.notes:
                st.write(row.notes)
            for shown_focus in shown_session.focuses:
                focus = shown_focus.focus
                st.markdown(t("coaching.focus_line", language, evaluation=focus.evaluation_id,
                              item=tables.item_label(shown_focus.form, focus.item_id, wording,
                                                     language),
                              text=shown_focus.text, answer=words.answer(focus.answer, language)))
                for clip in focus.evidence or ():
                    st.caption(f"{clock(float(clip.get('start') or 0))} — {_said(clip)}")
            for action in shown_session.actions:
                st.markdown(f"{action.position}. {action.text}")
            light_table(pd.DataFrame({
                t("reports.col.form_name", language): [
                    tables.form_name(f.key.form, wording, language)
                    for f in shown_session.follow_ups],
                t("reports.col.item_id", language): [
                    f.key.item_id for f in shown_session.follow_ups],
                t("coaching.before", language): [
                    f"{f.before_failed}/{f.before_applicable}" for f in shown_session.follow_ups],
                t("coaching.after", language): [
                    f"{f.after_failed}/{f.after_applicable}" for f in shown_session.follow_ups],
                t("coaching.verdict", language): [
                    t(f"coaching.verdict_{f.verdict}", language) for f in shown_session.follow_ups],
            }))
            if row.acknowledged_at is not None:
                st.success(t("coaching.acknowledged", language,
                             at=moment_text(row.acknowledged_at, settings.tz),
                             comment=row.agent_comment or ""))
            elif principal.role == "agent":
                comment = st.text_input(t("coaching.agent_comment", language),
                                        key=f"coaching_comment_{row.id}")
                if st.button(t("coaching.acknowledge", language), key=f"coaching_ack_{row.id}"):
                    acknowledging = (row.id, comment)
            else:
                st.warning(t("coaching.waiting", language))

if acknowledging is not None:
    try:
        with session_scope(engine) as session:
            coaching.acknowledge(session, principal, acknowledging[0], acknowledging[1],
                                 datetime.now(UTC), browser_session=page.session_id)
    except CoachingError as error:
        st.error(t(error.key, language, **error.params))
    else:
        st.rerun()
