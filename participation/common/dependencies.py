"""The outside services Spolu depends on (the database, Redis): their timeouts, health and failures.

A dependency that fails must degrade the site, not break it: a database that
does not answer gives a clear 503 within seconds (connect and statement
timeouts), Redis that does not answer leaves rate limits counting in memory
(RATELIMIT_ON_STORAGE_FAILURE) and notifications for the scheduler to catch
up, and `/healthz` names what is down.
"""

import functools
import logging
import time

from flask import Flask
from sqlalchemy import event, exc

log = logging.getLogger(__name__)

STORAGE_FAILURE_MODES = ("memory", "allow", "fail")


def engine_options(config) -> dict:
    """SQLAlchemy engine options with the connect and statement timeouts and POSTGRES_SESSION_SETTINGS (PostgreSQL only)."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    url = config.get("SQLALCHEMY_DATABASE_URI") or ""
    if not url.startswith("postgresql"):
        return options
    connect_args = dict(options.get("connect_args") or {})
    connect_timeout = int(config.get("DATABASE_CONNECT_TIMEOUT") or 0)
    statement_timeout = int(config.get("DATABASE_STATEMENT_TIMEOUT") or 0)
    if connect_timeout > 0:
        connect_args.setdefault("connect_timeout", max(connect_timeout, 2))  # libpq's minimum
        options.setdefault("pool_timeout", connect_timeout)
    settings = dict(config.get("POSTGRES_SESSION_SETTINGS") or {})
    if statement_timeout > 0:
        settings["statement_timeout"] = statement_timeout * 1000
    if settings:
        given = " ".join(f"-c {name}={value}" for name, value in settings.items())
        existing = connect_args.get("options")
        connect_args["options"] = f"{existing} {given}" if existing else given
    options["connect_args"] = connect_args
    return options


def ping_idle_connections(app: Flask, engine) -> None:
    """Check a pooled connection before use only when it sat idle DATABASE_PING_AFTER_IDLE seconds or more.

    SQLAlchemy's pool_pre_ping checks every connection on every checkout: a
    round trip (two, with the transaction it opens) before each request's
    first query, which was a tenth of a support's time. A connection used a
    moment ago is alive; one that sat idle may have been cut (a database
    restart, a firewall's idle timeout) and is checked and replaced. After a
    restart, a connection used within the interval fails once (that request
    answers 503, as one running during the restart would); 0 checks every time.
    """
    after = app.config.get("DATABASE_PING_AFTER_IDLE")
    if after is None:
        return

    def _checked_in(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    def _checked_out(dbapi_connection, record, _proxy) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < after:
            return  # new, or used a moment ago
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_connection.rollback()
        except Exception as error:  # noqa: BLE001  (any failure: the pool opens a new connection)
            raise exc.DisconnectionError("idle connection is gone") from error

    event.listen(engine, "checkin", _checked_in)
    event.listen(engine, "checkout", _checked_out)


def tune_sqlite(app: Flask, engine) -> None:
    """Set SQLITE_PRAGMAS on every new SQLite connection (the embedded default; other databases untouched).

    Production keeps write-ahead logging with NORMAL sync (readers never wait for a writer); the tests need
    no durability, and an fsync per commit was a third of their time.
    """
    pragmas = app.config.get("SQLITE_PRAGMAS") or {}
    if engine.dialect.name != "sqlite" or not pragmas:
        return

    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        for name, value in pragmas.items():
            cursor.execute(f"PRAGMA {name}={value}")
        cursor.close()

    event.listen(engine, "connect", _on_connect)


def limiter_storage_uri(redis_url: str | None) -> str:
    """Flask-Limiter's storage for REDIS_URL: the limits library names a unix socket redis+unix://."""
    if not redis_url:
        return "memory://"
    if redis_url.startswith("unix://"):
        return "redis+" + redis_url
    return redis_url


def configure_rate_limit_storage(app: Flask, limiter) -> None:
    """Set Flask-Limiter's storage and what it does when that storage is unreachable.

    Flask-Limiter 4.1 reads the failure settings once per Limiter and keeps a
    "storage is dead" flag on it; the one module-level limiter is attached to
    each app create_app builds, so both are reset here for the new app.
    """
    config = app.config
    config.setdefault("RATELIMIT_STORAGE_URI", limiter_storage_uri(config.get("REDIS_URL")))
    if config["RATELIMIT_STORAGE_URI"].startswith(("redis", "rediss")):
        timeout = config.get("REDIS_TIMEOUT") or 2
        config.setdefault("RATELIMIT_STORAGE_OPTIONS",
                          {"socket_connect_timeout": timeout, "socket_timeout": timeout})
    mode = config.get("RATELIMIT_ON_STORAGE_FAILURE", "memory")
    if mode not in STORAGE_FAILURE_MODES:
        raise RuntimeError(
            f"RATELIMIT_ON_STORAGE_FAILURE is {mode!r}; use one of {', '.join(STORAGE_FAILURE_MODES)}."
        )
    config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] = mode == "memory"
    config["RATELIMIT_SWALLOW_ERRORS"] = mode in ("memory", "allow")
    limiter._swallow_errors = None
    limiter._in_memory_fallback_enabled = False
    limiter._storage_dead = False


@functools.lru_cache(maxsize=8)
def redis_client(url: str, timeout: float):
    """A Redis client that gives up after `timeout` seconds instead of hanging a request.

    One per address and process, so that its connections are reused: a new client opened a new
    connection for every job queued (each support). Its pool reconnects after a fork or a failure.
    """
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)


def is_database_unavailable(error: BaseException) -> bool:
    """Does this error mean the database cannot be reached or did not answer in time?"""
    if isinstance(error, (exc.OperationalError, exc.InterfaceError, exc.TimeoutError, exc.DisconnectionError)):
        return True
    return isinstance(error, exc.DBAPIError) and bool(error.connection_invalidated)


def database_state(session) -> str:
    """"ok", or "down" when a trivial query fails."""
    from sqlalchemy import text

    try:
        session.execute(text("SELECT 1"))
        return "ok"
    except exc.SQLAlchemyError as error:
        log.warning("Health check: the database is down (%s)", error.__class__.__name__)
        rollback_quietly(session)
        return "down"


def redis_state(config) -> str:
    """"ok", "down", or "not configured" without REDIS_URL."""
    url = config.get("REDIS_URL")
    if not url:
        return "not configured"
    try:
        redis_client(url, config.get("REDIS_TIMEOUT") or 2).ping()
        return "ok"
    except Exception as error:  # any failure to answer means down; the reason goes to the log
        log.warning("Health check: Redis is down (%s)", error.__class__.__name__)
        return "down"


def rollback_quietly(session) -> None:
    """After the database failed: drop what the session held, without raising again."""
    try:
        session.rollback()
    except exc.SQLAlchemyError:
        log.debug("Rollback failed on an unreachable database", exc_info=True)
