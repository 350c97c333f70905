"""Every page, for every role that may open it, is written in the user's language: the page
is rendered in AppTest on a graded month (evaluations, CSI, a coaching session, an audit
log) and everything on it is read back (tests/ui/screen_text.py). A stored code, a "None",
an ISO date, a username where a name belongs, raw JSON or a text of the other language's
catalog fails the test, naming the page and the text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.auth.accounts import principal_of
from qa_app.auth.navigation import pages_for
from qa_app.coaching import service as coaching
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent
from qa_app.i18n import t
from qa_app.vocabulary import Role
from qa_app.web.language import CHOSEN_LANGUAGE_KEY
from qa_app.web.login import USER_KEY
from tests.ui.screen_text import ScreenText, date_formats, problems, screen_texts

ACCOUNTS = {  # username, role, options of make_user
    Role.ADMIN: ("ani", {}),
    Role.QCO_LEAD: ("ratna", {}),
    Role.QCO: ("qco1", {}),  # the QCO who graded the month (see the graded fixture)
    Role.TEAM_LEAD: ("hendra", {"teams": ("Tim Gadai",)}),  # PGD001, coached
    Role.MANAGER: ("sri", {}),
    Role.AGENT: ("sari", {"employee_id": "PGD001"}),
}


@pytest.fixture
def month(engine: Engine, graded: dict[str, int], make_user: Callable[..., int]) -> None:
    """The graded month with an account per role, and a coaching session of PGD001 that the
    agent acknowledged."""
    for role, (username, options) in ACCOUNTS.items():
        if username != "qco1":
            make_user(username, role, **options)
    with Session(engine) as session, session.begin():
        users = {u.username: u for u in session.scalars(select(UserAccount))}
        lead, agent = (principal_of(session, users[name]) for name in ("hendra", "sari"))
        agent_id = session.scalars(select(Agent.id).where(Agent.employee_id == "PGD001")).one()
        failed = coaching.failed_items(session, lead, agent_id)
        now = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
        created = coaching.create_session(session, lead, agent_id,
                                          [(failed[0].evaluation_id, failed[0].item_id)],
                                          ["Ulangi salam pembuka"], date(2026, 12, 4), "", now)
        coaching.acknowledge(session, agent, created.id, "Siap", now)


def display_names(engine: Engine) -> dict[str, str]:
    with Session(engine) as session:
        return {username: name for username, name in session.execute(
            select(UserAccount.username, UserAccount.display_name))}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("role", list(Role))
def test_every_page_of_the_role_is_written_in_its_users_language(
        month: None, engine: Engine, app: AppTest, role: Role, language: str) -> None:
    username = ACCOUNTS[role][0]
    with Session(engine) as session:
        app.session_state[USER_KEY] = session.scalars(
            select(UserAccount.id).where(UserAccount.username == username)).one()
    app.session_state[CHOSEN_LANGUAGE_KEY] = language
    names = display_names(engine)
    app.run()
    found: dict[str, list[str]] = {}
    for page in pages_for(role):
        app.switch_page(page.path).run()
        assert not app.exception, (page.key, [e.value for e in app.exception])
        texts = screen_texts(app)
        assert len(texts) > 5, page.key  # the page was read
        wrong = problems(texts, language, names,
                         name_columns=(t("words.users.col.username", language),))
        wrong += [f"date input shown as {shown}" for shown in date_formats(app)
                  if shown != "DD/MM/YYYY"]
        # an empty multiselect without a placeholder shows Streamlit's "Choose options"
        wrong += [f"multiselect {box.label!r} without a placeholder"
                  for box in app.multiselect if not box.proto.placeholder]
        if wrong:
            found[page.key] = wrong
    assert not found, "\n".join(f"{key}: {line}" for key, lines in found.items()
                                 for line in lines)


def test_the_check_finds_what_it_is_meant_to_find() -> None:
    def cell(text: str, column: str = "") -> ScreenText:
        return ScreenText("table cell", text, True, column)

    wrong = problems([cell("voice inbound"), cell("targeted"), cell("None"), cell("nan"),
                      cell("True"),
                      cell("2026-11-03"), cell('{"week": "2026-W47"}'), cell("qco1"),
                      ScreenText("alert.body", "peran team_lead", False),
                      ScreenText("alert.body", "Channel", False)],
                     "id", {"qco1": "Dewi Anggraini"})
    assert [line.split(" — ")[0] for line in wrong] == [
        "stored code", "stored code", "missing value shown as a word",
        "missing value shown as a word", "yes/no shown as True/False", "date not DD/MM/YYYY",
        "raw JSON",
        "username instead of the name 'Dewi Anggraini'", "stored code",
        "text of the other language"]
    assert problems([cell("Telepon masuk"), cell("Tertarget"), cell("—"), cell("03/11/2026"),
                     cell("Dewi Anggraini"), cell("qco1", "Nama pengguna"),
                     ScreenText("markdown.body", "Jalankan python -m qa_app worker", False)],
                    "id", {"qco1": "Dewi Anggraini"}, name_columns=("Nama pengguna",)) == []
