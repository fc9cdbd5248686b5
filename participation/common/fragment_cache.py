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
import uuid
from collections.abc import Callable, Iterable
from hashlib import blake2b
from pathlib import Path

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.orm import Session

from participation.extensions import cache

log = logging.getLogger(__name__)
CHANGED = "spolu_changed_tables"
VERSION = "version:"


def init_app(app) -> None:
    """Listen to every session's writes (once per process); key fragments by this release."""
    app.extensions["fragment_release"] = _release(app)
    if not event.contains(Session, "after_flush", _note_flushed):
        event.listen(Session, "after_flush", _note_flushed)
        event.listen(Session, "do_orm_execute", _note_statement)
        event.listen(Session, "after_commit", _bump_changed)
        event.listen(Session, "after_rollback", _forget_changed)


def _release(app) -> str:
    """Changes when a template or a catalogue does, so a new release never serves the old markup."""
    digest = blake2b(digest_size=6)
    roots = [Path(app.template_folder), Path(app.root_path)]
    for root in roots:
        for path in sorted((*root.rglob("*.html"), *root.rglob("*.mo"))):
            stat = path.stat()
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


def _note_flushed(session, flush_context) -> None:
    changed = session.info.setdefault(CHANGED, set())
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(instance), "__table__", None)
        if table is not None:
            changed.add(table.name)
    # Rows of secondary tables (a proposal's municipalities) change with their parent, which is dirty.


def _note_statement(state) -> None:
    """INSERT, UPDATE and DELETE statements run through the session (bulk changes)."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        name = getattr(table, "name", None)
        if name:
            state.session.info.setdefault(CHANGED, set()).add(name)


def _bump_changed(session) -> None:
    tables = session.info.pop(CHANGED, None)
    if tables:
        bump(tables)


def _forget_changed(session) -> None:
    session.info.pop(CHANGED, None)


def bump(tables: Iterable[str]) -> None:
    """Give each table a new version: every fragment that reads it renders afresh."""
    try:
        cache.set_many({VERSION + name: uuid.uuid4().hex for name in tables}, timeout=0)
    except Exception:  # noqa: BLE001  (a cache that is down must not undo a committed write)
        log.warning("fragment cache unreachable: versions not bumped", exc_info=True)


def _table_names(tables) -> list[str]:
    """Names of tables given as names, Table objects or mapped classes."""
    return sorted(t if isinstance(t, str) else getattr(t, "__table__", t).name for t in tables)


def cached(name: str, tables, render: Callable[[], tuple[str, int | None]]) -> Markup:
    """The fragment `name`, rendered by `render` only when one of `tables` changed since.

    `render` returns (html, seconds it stays true or None for the default).
    """
    if not current_app.config.get("FRAGMENT_CACHE_ENABLED", True):
        return Markup(render()[0])
    names = _table_names(tables)
    try:
        versions = cache.get_many(*(VERSION + table for table in names))
        digest = blake2b("|".join(f"{t}={v or 0}" for t, v in zip(names, versions, strict=True)).encode(),
                         digest_size=12).hexdigest()
        key = f"fragment:{current_app.extensions['fragment_release']}:{name}:{get_locale()}:{digest}"
        html = cache.get(key)
    except Exception:  # noqa: BLE001
        log.warning("fragment cache unreachable: rendering %s afresh", name, exc_info=True)
        return Markup(render()[0])
    if html is None:
        html, seconds = render()
        try:
            cache.set(key, str(html), timeout=seconds)
        except Exception:  # noqa: BLE001
            log.warning("fragment cache unreachable: %s not stored", name, exc_info=True)
    return Markup(html)
