"""Browser tests: the real app served on 127.0.0.1 and driven by Debian's Chromium via Playwright.

Every test under tests/browser/ gets the `browser` marker, and is skipped (with the reason shown by
`-ra`) when there is no Chromium or no Playwright. `playwright install` cannot download here, so
Playwright always drives the system Chromium.

Data made in a test must be committed (`db.session.commit()`) before the browser asks for a page:
the server thread reads through its own connections. The autouse `db` fixture empties the tables
after each test as usual.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from werkzeug.serving import make_server

HERE = Path(__file__).resolve().parent
LOCAL_HOST = "127.0.0.1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}


def find_chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def playwright_installed() -> bool:
    try:
        return importlib.util.find_spec("playwright.sync_api") is not None
    except (ImportError, ValueError):
        return False


def why_no_browser() -> str | None:
    if not playwright_installed():
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if find_chromium() is None:
        return (
            "no Chromium at /usr/bin/chromium or on PATH (apt-get install chromium fonts-noto-core)"
        )
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `browser` before `-m` selects, and skip without a browser."""
    reason = why_no_browser()
    for item in items:
        if not item.path.is_relative_to(HERE):
            continue
        item.add_marker(pytest.mark.browser)
        if reason and os.environ.get("CI"):
            # CI installs Chromium: a missing browser there is a broken setup, not a skip.
            raise pytest.UsageError(f"CI needs the browser tests to run, but {reason}")
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"browser test: {reason}"))


@dataclass
class LiveServer:
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


@pytest.fixture
def live_server(app, db) -> Iterator[LiveServer]:
    """The session's app on 127.0.0.1 and a free port, with CSRF on, in a background thread.

    It depends on `db` so that it stops before the tables are emptied.
    """
    server = make_server(LOCAL_HOST, 0, app, threaded=True)
    server.daemon_threads = True
    port = server.server_port
    saved = {key: app.config.get(key) for key in ("SERVER_NAME", "WTF_CSRF_ENABLED")}
    app.config.update(SERVER_NAME=f"{LOCAL_HOST}:{port}", WTF_CSRF_ENABLED=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    try:
        yield LiveServer(LOCAL_HOST, port)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        app.config.update(saved)


@pytest.fixture(scope="session")
def expect():
    """Playwright's auto-waiting assertions."""
    return pytest.importorskip("playwright.sync_api").expect


@pytest.fixture(scope="session")
def chromium_browser():
    """One Chromium for the whole run; each test gets its own context."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = find_chromium()
    if executable is None:
        pytest.skip("browser test: no Chromium at /usr/bin/chromium or on PATH")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class BrowserLog:
    """What a page did that a test may want to assert about."""

    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def browser_locale() -> str:
    """The browser's language (and Accept-Language). Override in a module to start in English."""
    return "ar"


def _leaves_local_host(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in {"http", "https", "ws", "wss"} and parsed.hostname != LOCAL_HOST


@pytest.fixture
def page(chromium_browser, live_server, browser_log, browser_locale):
    """A fresh context (1280x900) on the live server; relative URLs go to it.

    Console errors and uncaught page errors land in `browser_log.console_errors`. Any request to
    a host other than 127.0.0.1 fails the test at teardown.
    """
    context = chromium_browser.new_context(
        base_url=live_server.url,
        locale=browser_locale,
        extra_http_headers={"Accept-Language": browser_locale},
        viewport=VIEWPORT,
    )
    context.set_default_timeout(10_000)

    def on_request(request):
        if _leaves_local_host(request.url):
            browser_log.foreign_requests.append(f"{request.method} {request.url}")

    def on_console(message):
        if message.type == "error":
            browser_log.console_errors.append(f"{message.text} ({message.location.get('url')})")

    context.on("request", on_request)
    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", lambda error: browser_log.console_errors.append(f"uncaught: {error}"))
    try:
        yield page
    finally:
        context.close()
    if browser_log.foreign_requests:
        pytest.fail(
            "the browser made requests that left 127.0.0.1:\n  "
            + "\n  ".join(browser_log.foreign_requests),
            pytrace=False,
        )


@pytest.fixture
def shoot(page, tmp_path):
    """shoot("name") saves a full-page screenshot of the current page into the test's tmp folder."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    taken: list[Path] = []

    def take(name: str) -> Path:
        path = shots / f"{len(taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)
        return path

    yield take
    if taken:
        print(f"screenshots in {shots}")
