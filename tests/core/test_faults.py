"""Faults that degrade: Redis or the database unreachable never gives a bare 500.

Redis is pointed at a closed port; PostgreSQL is reached through a small TCP
proxy that the test stops (or makes hang); on SQLite the database is a file
that cannot be opened.
"""

import logging
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from participation.comments.models import Comment
from participation.common import dependencies
from participation.extensions import db
from participation.proposals.models import Support
from tests.comments.factories import DiscussedProposalFactory
from tests.core.tcp_proxy import TcpProxy, closed_port
from tests.factories import PASSWORD, UserFactory, sign_in_token


def _sign_in(client, user):
    token = sign_in_token(user)
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return client


def _count(model, *where):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# --- Redis unreachable ------------------------------------------------------------------


def _redis_down_app(make_app, **overrides):
    settings = {"REDIS_URL": f"redis://127.0.0.1:{closed_port()}/0", "RATELIMIT_ENABLED": True,
                "REDIS_TIMEOUT": 0.5, "NOTIFICATIONS_QUEUE": "rq"}
    return make_app(**(settings | overrides))


def test_with_redis_down_signing_in_supporting_and_commenting_keep_working(app, make_app, caplog):
    resident = UserFactory()
    proposal = DiscussedProposalFactory(municipalities=[resident.home_municipality])
    faulty = _redis_down_app(make_app)
    client = faulty.test_client()

    with caplog.at_level(logging.WARNING):
        signed_in = client.post("/prihlaseni", data={"email": resident.email, "password": PASSWORD})
        supported = client.post(f"/podnety/{proposal.id}/podpora")
        commented = client.post(f"/vlakna/{proposal.thread_id}/komentare",
                                data={f"t{proposal.thread_id}-body": "Funguje to i bez Redisu."})

    assert [signed_in.status_code, supported.status_code, commented.status_code] == [303, 303, 303]
    assert _count(Support, Support.proposal_id == proposal.id, Support.user_id == resident.id) == 1
    assert _count(Comment, Comment.thread_id == proposal.thread_id) == 1
    assert "Rate limit storage unreachable" in caplog.text  # the operator sees why
    assert "Could not queue the dispatch of new events" in caplog.text  # the scheduler catches up later


def test_with_redis_down_limits_still_count_in_memory(app, make_app):
    resident = UserFactory()
    faulty = _redis_down_app(make_app, RATELIMIT_LOGIN="2 per minute")
    client = faulty.test_client()
    wrong = {"email": resident.email, "password": "not the password"}
    codes = [client.post("/prihlaseni", data=wrong).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_with_redis_down_and_allow_every_request_passes_with_a_logged_warning(app, make_app, caplog):
    resident = UserFactory()
    faulty = _redis_down_app(make_app, RATELIMIT_LOGIN="1 per minute", RATELIMIT_ON_STORAGE_FAILURE="allow")
    client = faulty.test_client()
    wrong = {"email": resident.email, "password": "not the password"}
    with caplog.at_level(logging.WARNING):
        codes = [client.post("/prihlaseni", data=wrong).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    assert "Failed to rate limit" in caplog.text


def test_an_unknown_failure_mode_stops_the_app_with_a_clear_message(app, make_app):
    with pytest.raises(RuntimeError, match="RATELIMIT_ON_STORAGE_FAILURE"):
        make_app(RATELIMIT_ON_STORAGE_FAILURE="ignore")


def test_health_check_names_redis_when_it_is_down(app, make_app):
    response = _redis_down_app(make_app).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "ok", "redis": "down", "down": ["redis"]}
    assert response.cache_control.no_store


def test_health_check_says_ok_with_each_dependency(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_a_unix_socket_redis_url_does_not_stop_the_app_from_starting(app, make_app, tmp_path):
    faulty = make_app(REDIS_URL=f"unix://{tmp_path}/redis.sock", RATELIMIT_ENABLED=True, REDIS_TIMEOUT=0.5)
    assert faulty.config["RATELIMIT_STORAGE_URI"] == f"redis+unix://{tmp_path}/redis.sock"
    client = faulty.test_client()
    assert client.get("/").status_code == 200
    resident = UserFactory()
    assert client.post("/prihlaseni", data={"email": resident.email, "password": PASSWORD}).status_code == 303


# --- The database unreachable -------------------------------------------------------------


def _assert_unavailable_page(response, text):
    assert response.status_code == 503
    assert text in response.get_data(as_text=True)
    assert response.headers["Retry-After"]


def _assert_pages_render_without_the_database(client, user_id=1):
    """Signed in (the user cannot be loaded) and as a visitor, in both languages."""
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}.{'a' * 43}"  # well-formed: the loader must ask the database
        session["_fresh"] = True
    _assert_unavailable_page(client.get("/podnety/"), "Spolu je dočasně mimo provoz")
    not_found = client.get("/neni-tu-nic")
    assert not_found.status_code == 404 and "<html" in not_found.get_data(as_text=True)
    client.set_cookie("lang", "en")
    _assert_unavailable_page(client.get("/podnety/"), "Spolu is temporarily unavailable")
    _assert_unavailable_page(client.post("/podnety/1/podpora"), "Spolu is temporarily unavailable")
    with client.session_transaction() as session:
        session.clear()
    _assert_unavailable_page(client.get("/seskupeni/1"), "Spolu is temporarily unavailable")
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["down"] == ["database"]


def test_without_the_database_every_page_answers_503_rendered_without_it(app, make_app, tmp_path):
    """Runs on every database: a SQLite file in a folder that does not exist cannot be opened."""
    faulty = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/spolu.sqlite")
    _assert_pages_render_without_the_database(faulty.test_client())


@pytest.fixture
def postgres_url(database_url):
    url = make_url(database_url)
    if not url.drivername.startswith("postgresql"):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL): the database is reached through a TCP proxy")
    return url


@contextmanager
def _behind_a_proxy(make_app, postgres_url, hang=False, **settings):
    """An app reaching PostgreSQL through a TCP proxy the test can stop or cut, and the proxy."""
    proxy = TcpProxy(postgres_url.host or "127.0.0.1", postgres_url.port or 5432, hang=hang).start()
    try:
        proxied = postgres_url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        yield make_app(SQLALCHEMY_DATABASE_URI=proxied, **settings), proxy
    finally:
        proxy.stop()


def test_postgres_stopped_behind_a_proxy_gives_503_pages_and_health(app, make_app, postgres_url):
    resident = UserFactory()
    with _behind_a_proxy(make_app, postgres_url, DATABASE_CONNECT_TIMEOUT=2) as (faulty, proxy):
        client = _sign_in(faulty.test_client(), resident)
        assert client.get("/podnety/").status_code == 200
        assert client.get("/healthz").status_code == 200
        proxy.stop()
        _assert_pages_render_without_the_database(client, resident.id)


@pytest.mark.parametrize("ping_after, after_the_cut", [
    (0, [200]),  # idle connections are checked first: nobody sees the restart
    (3600, [503, 200]),  # used a moment ago: no round trip first; the restart reaches one request, the next reconnects
])
def test_after_a_database_restart(app, make_app, postgres_url, ping_after, after_the_cut):
    """Connections idle DATABASE_PING_AFTER_IDLE seconds are checked before use, the others used unchecked."""
    with _behind_a_proxy(make_app, postgres_url, DATABASE_PING_AFTER_IDLE=ping_after, PAGE_CACHE_ENABLED=False,
                         FRAGMENT_CACHE_ENABLED=False) as (faulty, proxy):  # every request reads the database
        client = faulty.test_client()
        assert client.get("/podnety/").status_code == 200
        proxy.cut()
        assert [client.get("/podnety/").status_code for _ in after_the_cut] == after_the_cut
        assert client.get("/healthz").status_code == 200


def test_a_hanging_postgres_gives_503_within_the_connect_timeout(app, make_app, postgres_url):
    with _behind_a_proxy(make_app, postgres_url, hang=True, DATABASE_CONNECT_TIMEOUT=2) as (faulty, _proxy):
        started = time.monotonic()
        response = faulty.test_client().get("/podnety/")
        elapsed = time.monotonic() - started
    _assert_unavailable_page(response, "Spolu je dočasně mimo provoz")
    assert elapsed < 10, f"took {elapsed:.1f} s"


def test_a_statement_that_runs_too_long_is_cancelled_with_a_503(app, make_app, postgres_url):
    faulty = make_app(DATABASE_STATEMENT_TIMEOUT=1)

    def slow():
        db.session.execute(text("SELECT pg_sleep(5)"))
        return "finished"

    faulty.add_url_rule("/_slow", "slow", slow)
    started = time.monotonic()
    response = faulty.test_client().get("/_slow")
    assert time.monotonic() - started < 4
    _assert_unavailable_page(response, "Spolu je dočasně mimo provoz")


def test_timeouts_apply_to_postgres_only():
    postgres = dependencies.engine_options({
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/spolu", "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "DATABASE_CONNECT_TIMEOUT": 5, "DATABASE_STATEMENT_TIMEOUT": 20})
    assert postgres["connect_args"] == {"connect_timeout": 5, "options": "-c statement_timeout=20000"}
    assert postgres["pool_pre_ping"] is True
    sqlite = dependencies.engine_options({"SQLALCHEMY_DATABASE_URI": "sqlite://", "DATABASE_CONNECT_TIMEOUT": 5,
                                          "DATABASE_STATEMENT_TIMEOUT": 20})
    assert "connect_args" not in sqlite
    no_limit = dependencies.engine_options({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/spolu",
                                            "DATABASE_CONNECT_TIMEOUT": 0, "DATABASE_STATEMENT_TIMEOUT": 0})
    assert no_limit["connect_args"] == {}
