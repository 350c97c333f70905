"""Logging in through a real browser: a local account, and single sign-on through OIDC."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import update
from sqlalchemy.orm import Session

from qa_app.db.session import build_engine
from qa_app.db.web_session_models import WebSession

from .conftest import PROJECT, free_port, wait_for, wait_for_session_cookie

pytestmark = pytest.mark.e2e
FIRST_PASSWORD = "Awal-Sandi-2026"
NEW_PASSWORD = "Kopi-Tubruk-77"


def add_user(qa_home: Path, username: str, role: str, *extra: str) -> None:
    env = {**os.environ, "QA_HOME": str(qa_home)}
    env.pop("QA_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "qa_app", "user", "add", username, "--role", role,
                    "--password", FIRST_PASSWORD, *extra], env=env, check=True,
                   capture_output=True, cwd=PROJECT)


def test_local_account_logs_in_changes_its_password_and_signs_out(
        browser, qa_home: Path, start_app: Callable[..., str]) -> None:
    add_user(qa_home, "dewi", "qco_lead", "--name", "Dewi Anggraini")
    url = start_app()
    page = browser.new_page()
    page.goto(url)

    page.get_by_label("Nama pengguna").fill("dewi")
    page.get_by_label("Kata sandi", exact=True).fill("salah-sandi-1")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Nama pengguna atau kata sandi salah.").wait_for()

    page.get_by_label("Kata sandi", exact=True).fill(FIRST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Ganti kata sandi").wait_for()
    page.get_by_label("Kata sandi saat ini").fill(FIRST_PASSWORD)
    page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Ganti kata sandi").click()

    page.get_by_role("heading", name="Beranda").wait_for()
    page.get_by_text("Masuk sebagai Dewi Anggraini (QCO Lead)").wait_for()
    expect(page.get_by_role("link", name="Impor Data")).to_have_count(1)
    expect(page.get_by_role("link", name="Pengguna")).to_have_count(0)

    page.get_by_role("button", name="Keluar").click()
    page.get_by_text("Anda telah keluar.").wait_for()
    page.close()


@pytest.fixture
def oidc_provider() -> Iterator[str]:
    """oidc-provider-mock in its own process: a real OpenID Connect provider."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/.well-known/openid-configuration", process)
    yield url
    process.terminate()
    process.wait(timeout=20)


def sso_login_page(browser, start_app: Callable[..., str], oidc_provider: str,  # noqa: ANN001
                   tmp_path: Path):  # noqa: ANN201  (a Playwright page)
    """The app started with single sign-on through ``oidc_provider``, opened in a new page."""
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f"""[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "e2e-cookie-secret-not-for-production"
client_id = "qa-workbench"
client_secret = "qa-workbench-secret"
server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"
""")
    url = start_app({"QA_OIDC_ENABLED": "true"}, port=port, secrets_file=secrets)
    page = browser.new_page()
    page.goto(url)
    return page


def test_single_sign_on_maps_the_identity_to_its_local_account(
        browser, qa_home: Path, start_app: Callable[..., str], oidc_provider: str,
        tmp_path: Path) -> None:
    add_user(qa_home, "sri", "manager", "--name", "Sri Rahayu", "--email", "sri@pegadaian.test")
    page = sso_login_page(browser, start_app, oidc_provider, tmp_path)

    page.get_by_role("button", name="Masuk dengan SSO perusahaan").click()
    page.get_by_placeholder("sub").fill("sri@pegadaian.test")
    page.get_by_role("button", name="Authorize").click()

    page.get_by_role("heading", name="Beranda").wait_for(timeout=30_000)
    page.get_by_text("Masuk sebagai Sri Rahayu (Manajer)").wait_for()
    page.close()


def test_an_idle_single_sign_on_session_is_not_signed_straight_back_in(
        browser, qa_home: Path, start_app: Callable[..., str], oidc_provider: str,
        tmp_path: Path) -> None:
    add_user(qa_home, "sri", "manager", "--name", "Sri Rahayu", "--email", "sri@pegadaian.test")
    page = sso_login_page(browser, start_app, oidc_provider, tmp_path)
    page.get_by_role("button", name="Masuk dengan SSO perusahaan").click()
    page.get_by_placeholder("sub").fill("sri@pegadaian.test")
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text("Masuk sebagai Sri Rahayu (Manajer)").wait_for(timeout=30_000)
    wait_for_session_cookie(page.context)

    engine = build_engine(f"sqlite:///{qa_home / 'qa.sqlite'}")
    with Session(engine) as session, session.begin():  # the clock moves on 31 minutes
        session.execute(update(WebSession).values(
            last_activity_at=datetime.now(UTC) - timedelta(minutes=31)))
    page.reload()
    # the app ends the sign-on too (the provider's end-session page) and asks again
    page.get_by_role("button", name="End session").click(timeout=30_000)
    page.get_by_role("button", name="Masuk dengan SSO perusahaan").wait_for(timeout=30_000)
    expect(page.get_by_text("Masuk sebagai Sri Rahayu (Manajer)")).to_have_count(0)
    page.close()


def test_single_sign_on_of_an_unknown_identity_is_refused(
        browser, qa_home: Path, start_app: Callable[..., str], oidc_provider: str,
        tmp_path: Path) -> None:
    page = sso_login_page(browser, start_app, oidc_provider, tmp_path)
    page.get_by_role("button", name="Masuk dengan SSO perusahaan").click()
    page.get_by_placeholder("sub").fill("stranger@example.test")
    page.get_by_role("button", name="Authorize").click()

    page.get_by_text("Identitas stranger@example.test belum terdaftar").wait_for(timeout=30_000)
    expect(page.get_by_role("heading", name="Beranda")).to_have_count(0)
    page.close()
