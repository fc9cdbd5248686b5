"""Fragments rendered once and kept until a write changes what they show.

A fragment names the tables it reads. Every commit that inserts, changes or
deletes rows of a table gives that table a new version (a random token in the
shared cache: Redis when REDIS_URL is set, else this process's memory). A
fragment is stored under its name, the language and the versions of its
tables, so the first read after a write misses and renders afresh: exact
invalidation, with no list of keys to delete and nothing to forget. What
changes with time alone (a consultation opening) is handled by the fragment's
own lifetime, which the renderer returns.

Versions are read before rendering, so a write that lands during a rendering
can only leave newer data under an older key, never older data under a newer
one. When the cache is unreachable, fragments are rendered every time and a
warning is logged: the page is slower, never wrong and never a 500.
"""

import logging
import re
import uuid
from collections.abc import Iterable
from hashlib import blake2b
from pathlib import Path

from flask import has_request_context, request
from sqlalchemy import TextClause, event, inspect
from sqlalchemy.orm import Session

from participation.extensions import cache, db

log = logging.getLogger(__name__)
CHANGED = "spolu_changed_tables"
CHANGED_KEYS = "spolu_changed_keys"
VERSION = "version:"
SCOPE = "scope:"  # scope:<table>:<column>=<value>: the rows of a table with that value changed
EPOCH = "epoch:"  # epoch:<table>: rows changed that no scope can name (a bulk statement)
# Table -> columns whose values name scopes (common/page_cache.SCOPES reads them): a changed row
# bumps scope:<table>:<column>=<value> for its old and new value of each.
SCOPED_COLUMNS: dict[str, tuple[str, ...]] = {}
# Table -> tables a database trigger writes when it changes: declared here, since no statement names them.
ALSO_CHANGES: dict[str, tuple[str, ...]] = {}
_WRITE = re.compile(r"^\s*(insert|update|delete|replace|truncate|merge)\b", re.IGNORECASE)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def init_app(app) -> None:
    """Listen to every session's writes (once per process); key fragments by this release."""
    app.extensions["fragment_release"] = _release(app)
    if not event.contains(Session, "after_flush", _note_flushed):
        event.listen(Session, "after_flush", _note_flushed)
        event.listen(Session, "do_orm_execute", _note_statement)
        event.listen(Session, "after_commit", _bump_changed)
        event.listen(Session, "after_rollback", _forget_changed)


def _release(app) -> str:
    """Changes when a template, a catalogue or the code does, so a new release never serves the old markup
    nor reads a remembered value in an old shape."""
    digest = blake2b(digest_size=6)
    roots = [Path(app.template_folder), Path(app.root_path)]
    for root in roots:
        for path in sorted((*root.rglob("*.html"), *root.rglob("*.mo"), *root.rglob("*.py"))):
            stat = path.stat()
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


def _note_flushed(session, flush_context) -> None:
    changed = session.info.setdefault(CHANGED, set())
    keys = session.info.setdefault(CHANGED_KEYS, set())
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(instance), "__table__", None)
        if table is None:
            continue
        changed.add(table.name)
        state = inspect(instance)
        for column in SCOPED_COLUMNS.get(table.name, ()):
            values = _values(state, column)
            keys.update(f"{SCOPE}{table.name}:{column}={value}" for value in values)
            if not values:  # not loaded: which scope changed is unknown
                keys.add(EPOCH + table.name)
        # Rows of secondary tables (a proposal's municipalities) change with their parent's collection.
        for relationship in state.mapper.relationships:
            if relationship.secondary is not None and relationship.key not in state.unloaded:
                if state.attrs[relationship.key].history.has_changes():
                    changed.add(relationship.secondary.name)
                    keys.add(EPOCH + relationship.secondary.name)


def _values(state, column: str) -> set:
    """The row's value of `column` before and after the flush (both scopes changed)."""
    try:
        history = state.attrs[column].history
    except KeyError:
        return set()
    values = {*history.added, *history.deleted, *history.unchanged}
    if not values and column not in state.unloaded:
        values = {state.dict.get(column)}
    return {value for value in values if value is not None}


def _note_statement(state) -> None:
    """INSERT, UPDATE and DELETE statements run through the session (bulk changes), also as text."""
    names = set()
    if state.is_insert or state.is_update or state.is_delete:
        name = getattr(getattr(state.statement, "table", None), "name", None)
        names = {name} if name else set()
    elif isinstance(state.statement, TextClause) and _WRITE.match(state.statement.text):
        known = db.metadata.tables.keys()
        names = {word for word in _IDENTIFIER.findall(state.statement.text) if word in known}
    if names:
        state.session.info.setdefault(CHANGED, set()).update(names)
        state.session.info.setdefault(CHANGED_KEYS, set()).update(EPOCH + name for name in names)  # rows unknown


def _bump_changed(session) -> None:
    tables = session.info.pop(CHANGED, None)
    keys = session.info.pop(CHANGED_KEYS, None)
    if tables or keys:
        bump(tables or (), keys or ())


def _forget_changed(session) -> None:
    """A rollback: bump what was flushed anyway (a savepoint's rollback may leave earlier writes to commit)."""
    _bump_changed(session)


def bump(tables: Iterable[str], keys: Iterable[str] = ()) -> None:
    """Give each table (and each scope or epoch key) a new version: what reads it renders afresh."""
    tables = set(tables)
    for name in list(tables):
        tables.update(ALSO_CHANGES.get(name, ()))
    versions = {VERSION + name: uuid.uuid4().hex for name in tables}
    versions.update({key: uuid.uuid4().hex for key in keys})
    read = _read_this_request()
    try:
        cache.set_many(versions, timeout=0)
        read.update(versions)  # this request's own writes: what it reads next must see them
    except Exception:  # noqa: BLE001  (a cache that is down must not undo a committed write)
        log.warning("fragment cache unreachable: versions not bumped", exc_info=True)
        for key in versions:
            read.pop(key, None)


def _read_this_request() -> dict[str, str]:
    """The versions this request has read (or written), by key; outside a request, an empty dict each time.

    Kept in the request's environ, so that no request ever sees another's (tests may share one
    application context, and with it `g`, across requests).
    """
    if not has_request_context():
        return {}
    return request.environ.setdefault("spolu.versions_read", {})


def current_versions(keys: list[str]) -> list[str | None]:
    """The versions under `keys`; one never set gets one now, so that a later eviction reads as a change.

    Each key is read from the cache once per request: a page checks a dozen kept parts, most against
    the same tables, and one round trip to Redis costs more than the check. The request then sees every
    version as it was when first read (as if it had run a moment earlier), and its own writes at once
    (`bump`). Entries it stores carry those versions, never newer than what it read from the database.
    """
    read = _read_this_request()
    wanted = [key for key in dict.fromkeys(keys) if key not in read]
    if wanted:
        values = dict(zip(wanted, cache.get_many(*wanted), strict=True))
        missing = [key for key, value in values.items() if value is None]
        if missing:
            for key in missing:
                cache.add(key, uuid.uuid4().hex, timeout=0)
            values.update(zip(missing, cache.get_many(*missing), strict=True))
        read.update(values)
    return [read[key] for key in keys]


def _table_names(tables) -> list[str]:
    """Names of tables given as names, Table objects or mapped classes."""
    return sorted(t if isinstance(t, str) else getattr(t, "__table__", t).name for t in tables)
