"""The server-side session store behind the cookie, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qa_app.auth import accounts, web_sessions
from qa_app.db.web_session_models import WebSession

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TIMEOUT = 30


def opened(engine: Engine, world, username: str = "qco1", **options) -> web_sessions.Opened:
    with Session(engine) as session, session.begin():
        return web_sessions.open_session(session, world.users[username].user_id,
                                         public_id=options.pop("public_id", "pub-1"), now=NOW,
                                         **options)


def redeem(engine: Engine, ticket: str, now: datetime = NOW) -> str | None:
    with Session(engine) as session, session.begin():
        return web_sessions.redeem_ticket(session, ticket, now)


def resume(engine: Engine, token: str | None, now: datetime) -> web_sessions.Resumed | None:
    with Session(engine) as session:
        return web_sessions.resume(session, web_sessions.by_token(session, token), TIMEOUT,
                                   now=now)


def test_a_ticket_becomes_a_token_once_and_only_hashes_are_stored(engine: Engine, world) -> None:
    session_opened = opened(engine, world, language="en", client_address="10.0.0.7")
    token = redeem(engine, session_opened.ticket, NOW + timedelta(seconds=5))
    assert token and token != session_opened.ticket
    assert redeem(engine, session_opened.ticket, NOW + timedelta(seconds=6)) is None

    resumed = resume(engine, token, NOW + timedelta(minutes=10))
    assert resumed is not None and resumed.principal.username == "qco1"
    assert (resumed.row.public_id, resumed.row.language, resumed.row.client_address) == (
        "pub-1", "en", "10.0.0.7")
    with Session(engine) as session:
        stored = session.scalars(select(WebSession)).one()
        columns = {c.name: getattr(stored, c.name) for c in WebSession.__table__.columns}
    assert token not in {str(v) for v in columns.values()}
    assert session_opened.ticket not in {str(v) for v in columns.values()}
    assert stored.ticket_hash is None and stored.token_hash is not None


@pytest.mark.parametrize("ticket", ["", "x", "not-a-ticket" * 20])
def test_an_unknown_ticket_or_token_gives_nothing(engine: Engine, world, ticket: str) -> None:
    opened(engine, world)
    assert redeem(engine, ticket) is None
    assert resume(engine, ticket or None, NOW) is None


def test_a_late_ticket_is_refused_and_used_up(engine: Engine, world) -> None:
    late = NOW + timedelta(seconds=web_sessions.TICKET_SECONDS + 1)
    ticket = opened(engine, world).ticket
    assert redeem(engine, ticket, late) is None
    assert redeem(engine, ticket, NOW) is None  # gone, even back in time


def test_idle_age_revocation_and_a_disabled_account_end_a_session(engine: Engine,
                                                                  world) -> None:
    first = opened(engine, world)
    token = redeem(engine, first.ticket)
    assert resume(engine, token, NOW + timedelta(minutes=TIMEOUT)) is not None
    assert resume(engine, token, NOW + timedelta(minutes=TIMEOUT, seconds=1)) is None

    with Session(engine) as session, session.begin():
        web_sessions.touch(session.get_one(WebSession, first.row_id),
                           NOW + timedelta(minutes=TIMEOUT))
    assert resume(engine, token, NOW + timedelta(minutes=2 * TIMEOUT)) is not None
    assert resume(engine, token, NOW + web_sessions.MAX_AGE + timedelta(seconds=1)) is None

    with Session(engine) as session, session.begin():
        accounts.set_active(session, "qco1", False, by="admin")
    assert resume(engine, token, NOW + timedelta(minutes=1)) is None
    with Session(engine) as session, session.begin():
        accounts.set_active(session, "qco1", True, by="admin")
        web_sessions.revoke(session, first.row_id, NOW + timedelta(minutes=2))
        web_sessions.revoke(session, first.row_id, NOW + timedelta(minutes=3))  # idempotent
    assert resume(engine, token, NOW + timedelta(minutes=3)) is None
    with Session(engine) as session:
        assert session.get_one(WebSession, first.row_id).revoked_at == NOW + timedelta(minutes=2)


def test_a_revoked_session_cannot_redeem_its_ticket(engine: Engine, world) -> None:
    session_opened = opened(engine, world)
    with Session(engine) as session, session.begin():
        web_sessions.revoke(session, session_opened.row_id, NOW)
    assert redeem(engine, session_opened.ticket) is None


def test_public_ids_are_unique_and_users_must_exist(engine: Engine, world) -> None:
    opened(engine, world)
    with pytest.raises(IntegrityError):
        opened(engine, world, username="qco2")  # the same public id again
    with Session(engine) as session, session.begin(), pytest.raises(IntegrityError):
        web_sessions.open_session(session, 999_999, public_id="pub-2", now=NOW)


def test_opening_a_session_deletes_those_long_past_their_age(engine: Engine, world) -> None:
    old = opened(engine, world, public_id="old")
    recent = opened(engine, world, public_id="recent")
    with Session(engine) as session, session.begin():
        session.get_one(WebSession, old.row_id).created_at = \
            NOW - web_sessions.MAX_AGE - web_sessions.KEEP_ENDED - timedelta(seconds=1)
        session.get_one(WebSession, recent.row_id).created_at = NOW - web_sessions.MAX_AGE
    opened(engine, world, public_id="new")
    with Session(engine) as session:
        assert set(session.scalars(select(WebSession.public_id))) == {"recent", "new"}
