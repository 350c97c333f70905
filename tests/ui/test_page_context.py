"""The page context every screen starts with: the guard first, then what the page needs."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.db.auth_models import AuditEvent
from qa_app.web.language import CHOSEN_LANGUAGE_KEY


def _screen() -> None:
    """A screen of the "users" page (admin only) that shows what its context holds."""
    import streamlit as st

    from qa_app.web.context import page_context

    page = page_context("users")
    st.title(page.t("access.users.title"))
    st.write(f"{page.principal.username} {page.language} {page.settings.language}")
    with page.session() as session:
        st.write(f"engine {session.get_bind() is page.engine}")
    st.write(f"requester {page.requester.actor == page.principal} "
             f"{page.requester.session_id == page.session_id}")


def test_the_context_holds_the_principal_language_settings_and_sessions(
        login: Callable[..., AppTest]) -> None:
    screen = login(AppTest.from_function(_screen, default_timeout=30), "admin")
    screen.session_state[CHOSEN_LANGUAGE_KEY] = "en"
    screen.run()

    assert not screen.exception and not screen.error
    assert screen.title[0].value == "Users"
    assert [text.value for text in screen.markdown] == [
        "admin en id", "engine True", "requester True True"]


def test_a_role_without_the_page_is_stopped_and_audited(login: Callable[..., AppTest],
                                                        engine: Engine) -> None:
    screen = login(AppTest.from_function(_screen, default_timeout=30), "qco")
    screen.run()

    assert [e.value for e in screen.error] == ["Peran Anda tidak memiliki akses ke halaman ini."]
    assert not screen.title and not screen.markdown
    with Session(engine) as session:
        denied = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert denied is not None
    assert (denied.username, denied.action, denied.target_id) == ("qco", "access_denied",
                                                                  "users")
