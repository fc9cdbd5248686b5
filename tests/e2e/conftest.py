"""Browser tests: the app served by a real HTTP server, driven by headless Chromium.

Each pytest(-xdist) worker starts one server on a free loopback port below 32768
with its own database (a SQLite file, or a fresh PostgreSQL database when
TEST_DATABASE_URL points at one), CSRF on, rate limits off, mail written to
instance/outbox/*.eml, and the demo data of `flask seed-demo`. One Chromium per
worker; each journey runs twice, with JavaScript on and off, at 360x740.
On PostgreSQL the journeys are skipped unless SPOLU_E2E_POSTGRES=1: they test
pages, not SQL, and CI runs them once, on SQLite.

The whole folder is skipped, with the reason, when Chromium, Playwright or
axe-core (`npm install`) is missing.
"""

import logging
import os
import random
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.checks import AXE_PATH, PageChecker

CHROMIUM = os.environ.get("SPOLU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 360, "height": 740}
LOCALE = "en-GB"


def _missing_tools() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres") and not os.environ.get("SPOLU_E2E_POSTGRES"):
        # The journeys test pages, not SQL: once per CI run is enough (the unit tests cover both databases).
        return "browser journeys run once, on SQLite (set SPOLU_E2E_POSTGRES=1 to run them on PostgreSQL too)"
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if not AXE_PATH.exists():
        return f"axe-core not found at {AXE_PATH} (run npm install)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


MISSING = _missing_tools()


@pytest.fixture(autouse=True)
def _require_browser_tools():
    if MISSING:
        pytest.skip(f"browser tests skipped: {MISSING}")


# ---------------------------------------------------------------- the server


@dataclass
class LiveServer:
    """The app served on http://127.0.0.1:<port>, with a way to read its mail."""

    url: str
    app: object
    instance_dir: Path
    seed_output: str = ""
    _read: set = field(default_factory=set)

    def mails_to(self, address: str) -> list:
        """Every message written to the outbox for address, oldest first."""
        messages = []
        outbox = self.instance_dir / "outbox"
        for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns) if outbox.exists() else []:
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            if address.lower() in str(message["To"]).lower():
                messages.append(message)
        return messages

    def link_in_mail(self, address: str, contains: str = "") -> str:
        """The first link (containing `contains`) in the newest mail to address, on this server."""
        from participation.notifications.queue import wait_for_background_jobs

        # Account mail is queued after the response: the browser may show the page before the server has
        # queued it, so look again for a few seconds rather than once.
        deadline = time.monotonic() + 10
        while True:
            wait_for_background_jobs(10)
            messages = self.mails_to(address)
            if messages or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert messages, f"no mail was sent to {address}"
        body = messages[-1].get_body(preferencelist=("plain", "html")).get_content()
        links = [link for link in re.findall(r"https?://[^\s\"'<>]+", body) if contains in link]
        assert links, f"no link containing {contains!r} in the mail to {address}:\n{body}"
        parts = urlsplit(links[0])
        # The mail links to PUBLIC_BASE_URL; open it on this test server.
        return self.url + parts.path + (f"?{parts.query}" if parts.query else "")


def _free_server(app):
    """A threaded WSGI server on a free loopback port below the ephemeral range."""
    from werkzeug.serving import make_server

    ports = list(range(20000, 32000))
    random.shuffle(ports)
    for port in ports[:200]:
        try:
            return make_server("127.0.0.1", port, app, threaded=True), port
        except OSError:
            continue
    raise RuntimeError("no free loopback port between 20000 and 32000")


@pytest.fixture(scope="session")
def e2e_database_url(tmp_path_factory):
    """A database of its own: the unit tests of the same worker empty theirs after every test."""
    if MISSING:
        pytest.skip(f"browser tests skipped: {MISSING}")
    from tests.conftest import _drop_postgres_database, _postgres_test_url

    base = os.environ.get("TEST_DATABASE_URL", "")
    if base.startswith("postgres"):
        url, name = _postgres_test_url(base)
        yield url.render_as_string(hide_password=False)
        _drop_postgres_database(url, name)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'e2e.sqlite'}"


@pytest.fixture(scope="session")
def live_server(e2e_database_url, tmp_path_factory):
    """One real server per worker, seeded with the demo data, CSRF on, mail to files."""
    from config import Config
    from participation import create_app
    from participation.core import translations
    from participation.extensions import db

    instance_dir = tmp_path_factory.mktemp("e2e-instance")
    holder = {}

    class E2EConfig(Config):
        ENV_NAME = "test"
        SECRET_KEY = "e2e-secret-key"
        SQLALCHEMY_DATABASE_URI = e2e_database_url
        INSTANCE_DIR = str(instance_dir)
        WTF_CSRF_ENABLED = True
        RATELIMIT_ENABLED = False
        REDIS_URL = None
        MAIL_SERVER = None
        MAIL_BACKEND = None  # files in instance/outbox/, like a developer's machine
        # A job that fails once (a write meeting the browser's next request) is tried again within the
        # seconds a journey waits for its mail, not after production's half a minute.
        NOTIFICATIONS_RETRY_INTERVALS = (1, 2, 4)
        SESSION_COOKIE_SECURE = False
        MAP_TILE_URL = ""  # no tiles fetched: the map shows its own layers only

    translations.compile_all()
    app = create_app(E2EConfig)
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    if result.exit_code != 0:
        raise RuntimeError(f"flask seed-demo failed:\n{result.output}\n{result.exception!r}")

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server, port = _free_server(app)
    url = f"http://127.0.0.1:{port}"
    app.config["PUBLIC_BASE_URL"] = url
    holder["thread"] = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    holder["thread"].start()
    yield LiveServer(url=url, app=app, instance_dir=instance_dir, seed_output=result.output)
    server.shutdown()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per worker (Playwright gives it a fresh, temporary profile)."""
    if MISSING:
        pytest.skip(f"browser tests skipped: {MISSING}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def audit_page(browser):
    """A page with JavaScript on, where axe-core checks what a JavaScript-off page shows."""
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    context.add_init_script(path=str(AXE_PATH))
    yield context.new_page()
    context.close()


@pytest.fixture(params=["js", "nojs"])
def javascript(request) -> bool:
    """Every journey runs twice: with JavaScript (htmx) and without."""
    return request.param == "js"


@pytest.fixture
def new_page(browser, live_server, javascript):
    """Open a fresh browser context (one person) at a phone's viewport: `page = new_page()`."""
    contexts = []

    def _new_page():
        context = browser.new_context(
            java_script_enabled=javascript, viewport=VIEWPORT, locale=LOCALE, base_url=live_server.url
        )
        context.set_default_timeout(10_000)
        if javascript:
            # Compiled once and cached by V8: much faster than evaluating axe after each load.
            context.add_init_script(path=str(AXE_PATH))
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda m: _console_error(page, m))
        page.on("pageerror", lambda e: page.console_errors.append(str(e)))
        page.on("response", lambda r: _failed_resource(page, r))
        return page

    yield _new_page
    for context in contexts:
        context.close()


def _console_error(page, message) -> None:
    # A page's own 404 or 422 status is logged too; failed resources are caught below.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        page.console_errors.append(message.text)


def _failed_resource(page, response) -> None:
    """A stylesheet, script, image or htmx request that fails is a broken page."""
    if response.status >= 400 and response.request.resource_type != "document":
        page.console_errors.append(f"{response.status} for {response.request.method} {response.url}")


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def check(audit_page, javascript):
    """`check(page, "name")` after every navigation: axe, one h1, lang, skip link, keyboard."""
    return PageChecker(audit_page=audit_page, javascript=javascript)
