"""A real app server (serve.py, as run.sh starts it) on loopback and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deploy.loopback import wait_healthy
from tests.conftest import IN_CI, ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser

# A loaded CI machine can take several seconds to run a page's first script: assertions wait
# for the page rather than fail on a slow first render.
expect.set_options(timeout=15_000)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppServer:
    """`python serve.py` on its own port and SQLite file; can be stopped and restarted."""

    def __init__(self, db_path: Path, extra_args: Sequence[str] = ()) -> None:
        self.port = _free_port()
        self.db_url = f"sqlite:///{db_path}"
        self.extra_args = list(extra_args)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "STRATEGY_DB_URL": self.db_url}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "serve.py",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                *self.extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_healthy(self.url, self.process, "the app server")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[AppServer]:
    app = AppServer(tmp_path / "browser.sqlite3")
    app.start()
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture
def oidc_server(tmp_path: Path) -> Iterator[AppServer]:
    """The app signing people in with an OpenID Connect provider: a real one (the maintained
    `oidc-provider-mock`), on loopback, with two people it knows."""
    import oidc_provider_mock

    people = [
        oidc_provider_mock.User(sub=sub, claims={"email": f"{sub}@agglo.fr", "name": sub.title()})
        for sub in ("anne", "bruno")
    ]
    with oidc_provider_mock.run_server_in_thread(user_claims=people) as provider:
        port = _free_port()
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "a-test-secret-of-enough-length-0123456789"\n'
            'client_id = "strategie"\nclient_secret = "secret"\n'
            f'server_metadata_url = "http://127.0.0.1:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        app = AppServer(tmp_path / "oidc.sqlite3", ["--secrets.files", str(secrets)])
        app.port = port
        app.start()
        try:
            yield app
        finally:
            app.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"Chromium is required in CI ({CHROMIUM} not found)")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser) -> Iterator[Callable[..., object]]:
    contexts = []

    def make(locale: str = "fr-FR", headers: dict[str, str] | None = None):
        context = browser.new_context(
            locale=locale,
            viewport={"width": 1400, "height": 1000},
            accept_downloads=True,
            extra_http_headers=headers or {},
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
