"""Start the real app with `streamlit run` on a free loopback port, for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10


def free_port() -> int:
    """A TCP port nothing listens on right now, on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path | None = None) -> None:
    """Return once Streamlit's health endpoint answers; raise if it exits or never answers."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log else ""
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}\n{tail}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer at {url} within {START_TIMEOUT_S} s")


@contextmanager
def running_app(
    folder: Path,
    *,
    port: int | None = None,
    env: Mapping[str, str] | None = None,
    args: Sequence[str] = (),
) -> Iterator[str]:
    """Run app.py against a fresh SQLite database in `folder`; yield its base URL.

    `args` are extra `streamlit run` options (e.g. `--secrets.files PATH`); the log goes to
    `folder/streamlit.log`. The server is stopped on exit, whatever happened.
    """
    port = port or free_port()
    full_env = {
        **os.environ,
        "ASSESS_DATABASE_URL": f"sqlite:///{folder / 'e2e.db'}",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        **(env or {}),
    }
    log_path = folder / "streamlit.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app.py"),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                *args,
            ],
            cwd=ROOT,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, proc, log_path)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def add_user(
    folder: Path,
    email: str,
    name: str,
    role: str,
    password: str | None = None,
    *,
    url: str | None = None,
) -> None:
    """A user of the app in `folder`'s database, or the one at `url` (a password account, else
    single sign-on)."""
    from assess.services import users
    from assess.services.actor import Actor
    from assess.storage import db

    engine = db.open_database(url or f"sqlite:///{folder / 'e2e.db'}")
    try:
        users.add_user(
            email,
            actor=Actor("e2e setup", "cli"),
            engine=engine,
            name=name,
            role=role,
            password=password,
            sign_in_method="password" if password else "sso",
        )
    finally:
        engine.dispose()


def sign_in(page: Any, url: str, email: str, password: str) -> None:
    """Sign in with the app's own form (built-in accounts)."""
    page.goto(url)
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.locator('[data-testid="stSidebarNav"]').wait_for()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
]


def require_chromium() -> None:
    """Skip the calling test module without Debian's Chromium; in CI, fail instead."""
    import pytest

    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing and CI=true: browser tests must run", pytrace=False)
    pytest.skip(
        f"{CHROMIUM} is missing (set CI=true to make this a failure)", allow_module_level=True
    )


def shot(page: Any, name: str) -> None:
    """A full-page screenshot of a Playwright page into tests/artifacts/NAME.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


STEP_TIMEOUT_MS = 30_000


def settle(page: Any) -> None:
    """Wait until the script run the last action triggered has finished."""
    from playwright.sync_api import expect

    page.wait_for_timeout(300)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=STEP_TIMEOUT_MS)


def nav(page: Any, title: str) -> None:
    """Open the page `title` from the sidebar and wait for it."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    settle(page)
