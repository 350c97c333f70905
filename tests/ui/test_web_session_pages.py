"""The server-side session as the page sees it, in AppTest: the login opens it and hands the
browser a one-time ticket for the cookie, and a session ended elsewhere ends this page."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.auth import web_sessions
from qa_app.db.web_session_models import WebSession
from qa_app.web.login import SESSION_ID_KEY, TICKET_KEY, WEB_SESSION_KEY


def sign_in_with_form(app: AppTest, username: str, password: str) -> AppTest:
    app.run()
    app.text_input(key="login_username").set_value(username)
    app.text_input(key="login_password").set_value(password)
    return app.button[0].click().run()


def handoff_frames(app: AppTest) -> list[str]:
    return [frame.proto.srcdoc for frame in app.get("iframe")]


def test_a_login_opens_a_session_and_hands_over_its_ticket_once(
        app: AppTest, engine: Engine, make_user: Callable[..., int], password: str) -> None:
    make_user("dewi", "qco")
    sign_in_with_form(app, "dewi", password)
    assert app.title[0].value == "Beranda"
    ticket = app.session_state[TICKET_KEY]
    (frame,) = handoff_frames(app)
    assert f'data-ticket="{ticket}"' in frame and 'data-endpoint="/api/session"' in frame
    with Session(engine) as session:
        row = session.scalars(select(WebSession)).one()
        assert row.public_id == app.session_state[SESSION_ID_KEY]
        assert row.token_hash is None and row.ticket_hash is not None

    with Session(engine) as session, session.begin():  # the browser redeems it
        assert web_sessions.redeem_ticket(session, ticket)
    app.run()
    assert handoff_frames(app) == [] and TICKET_KEY not in app.session_state


def test_a_session_ended_in_another_tab_ends_this_page(app: AppTest, engine: Engine,
                                                       login: Callable[..., AppTest]) -> None:
    login(app, "manager")
    app.run()
    assert app.title[0].value == "Beranda"
    with Session(engine) as session, session.begin():
        web_sessions.revoke(session, app.session_state[WEB_SESSION_KEY])
    app.run()
    assert app.title[0].value == "Masuk"
    assert [w.value for w in app.warning] == ["Anda telah keluar."]


def test_signing_out_revokes_the_server_session(app: AppTest, engine: Engine,
                                                login: Callable[..., AppTest]) -> None:
    login(app, "manager")
    app.run()
    row_id = app.session_state[WEB_SESSION_KEY]
    app.button(key="logout").click().run()
    assert app.title[0].value == "Masuk"
    with Session(engine) as session:
        assert session.get_one(WebSession, row_id).revoked_at is not None
