"""What a screen starts with: the guard, and the things every page needs from the shell.

Each page begins with ``page = page_context("<page key>")``: the guard runs first (a stop with
an audit entry when the signed-in role may not open the page, see
:func:`qa_app.web.login.require_page`), then the page gets the principal, the user's language
with a ``t()`` bound to it, the settings, the process's engine, sessions on it and the
requester that service calls and audit entries name.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.config import Settings, get_settings
from qa_app.db.session import session_scope
from qa_app.i18n import t
from qa_app.services.requester import Requester
from qa_app.web import database, login
from qa_app.web.language import current_language


@dataclass(frozen=True)
class PageContext:
    """The signed-in principal and the shell's resources, for one run of one page."""

    principal: Principal
    language: str
    settings: Settings
    engine: Engine

    def t(self, key: str, **params: Any) -> str:
        """The text of ``key`` in the user's language."""
        return t(key, self.language, **params)

    def session(self) -> AbstractContextManager[Session]:
        """A session in one transaction on the app's engine (``with page.session() as s:``)."""
        return session_scope(self.engine)

    @property
    def session_id(self) -> str:
        """The browser session's id, as the audit log records it."""
        return login.session_id()

    @property
    def requester(self) -> Requester:
        """The principal and this browser session, for service calls."""
        return Requester(self.principal, session_id=self.session_id)


def page_context(page_key: str) -> PageContext:
    """Guard the page ``page_key`` (see :data:`qa_app.auth.navigation.PAGES`) and return
    its context; stops the run, after auditing, when the user may not open it."""
    principal = login.require_page(page_key)
    return PageContext(principal=principal, language=current_language(),
                       settings=get_settings(), engine=database.engine())
