"""Test fixtures: an app on a fresh database (SQLite, or PostgreSQL when
TEST_DATABASE_URL points at a server), emptied after every test."""

import os
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from config import TestConfig
from participation import create_app
from participation.core import translations
from participation.extensions import db, limiter


def _postgres_test_url(base_url: str):
    """Create a throw-away database on the server of base_url; return its URL."""
    url = make_url(base_url).set(drivername="postgresql+psycopg")
    name = f"spolu_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0'))
    admin.dispose()
    return url.set(database=name), name


def _drop_postgres_database(url, name: str) -> None:
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    base = os.environ.get("TEST_DATABASE_URL", "")
    if base.startswith("postgres"):
        url, name = _postgres_test_url(base)
        yield url.render_as_string(hide_password=False)
        _drop_postgres_database(url, name)
    else:
        # A file, not :memory:, so that threads and a served app share one database.
        path = tmp_path_factory.mktemp("db") / "test.sqlite"
        yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
def _app(database_url, tmp_path_factory):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        INSTANCE_DIR = str(tmp_path_factory.mktemp("instance"))

    translations.compile_all()  # tests read the catalogues as they are in the tree
    app = create_app(Config)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def limited_app(app, database_url, tmp_path, monkeypatch):
    """Build a second app on the test database with rate limits on: `limited_app(RATELIMIT_LOGIN="3 per minute")`.

    Its app context is pushed (and popped after the test); the limits start from zero.
    """
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    built = []

    def _build(**settings):
        limited = create_app(type("Limited", (TestConfig,), {
            "SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_DIR": str(tmp_path), "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://", **settings}))
        context = limited.app_context()
        context.push()
        limiter.reset()
        built.append(context)
        return limited

    yield _build
    limiter.reset()
    for context in reversed(built):
        db.session.remove()
        db.engine.dispose()
        context.pop()


def _empty_all_tables() -> None:
    from participation.models import delete_every_row

    delete_every_row(few_rows=True)


@pytest.fixture
def app(_app):
    """The app with an application context; afterwards empty tables and the settings as they were."""
    from participation.common import page_cache

    settings = dict(_app.config)
    with _app.app_context():
        yield _app
        db.session.remove()
        _empty_all_tables()
        db.session.remove()
        page_cache.clear()  # pages and fragments of this test's rows (ids are reused), and their copies
    _app.config.clear()
    _app.config.update(settings)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(client):
    """Sign a user in through the session, as Flask-Login would after a real login."""
    from tests.factories import sign_in_token

    def _login(user, test_client=None):
        target = test_client or client
        token = sign_in_token(user)  # a sign-in session's id, not the account's (accounts.sessions)
        with target.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
        return target

    return _login


@pytest.fixture
def signed_in(app, login):
    """`signed_in(user)` (a new resident when none): (the user, a test client of their own, signed in)."""
    def _signed_in(user=None):
        from tests.factories import UserFactory

        user = user or UserFactory()
        return user, login(user, app.test_client())
    return _signed_in


@pytest.fixture
def count_queries(app):
    """Count SQL statements run inside a `with count_queries() as counter:` block."""

    @contextmanager
    def _count(keep_cache: bool = False):
        """Counts the uncached path (pages, fragments and shells are rendered afresh) unless keep_cache."""
        from participation.common import page_cache

        if not keep_cache:
            page_cache.clear()
        counter = {"n": 0, "statements": []}

        def before(conn, cursor, statement, parameters, context, executemany):
            counter["n"] += 1
            counter["statements"].append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return _count


@pytest.fixture
def outbox(app):
    """Every email sent through the outbox during the test (participation.core.mail.Mail)."""
    sent = app.extensions.setdefault("spolu_outbox", [])
    sent.clear()
    yield sent
    sent.clear()
