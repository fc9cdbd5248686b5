"""Parts of anyone's pages kept in the cache: shared fragments, and a person's own remembered figures."""

import logging
import re
import time
from collections.abc import Callable
from hashlib import blake2b

from flask import current_app, g, has_request_context
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import inspect

import participation.common.page_cache.keys as keys
import participation.common.page_cache.storage as storage
from participation.common import fragment_cache
from participation.common.page_cache.reads import Recording
from participation.extensions import db

log = logging.getLogger(__name__)

SLOT = re.compile(r"<!--spolu-slot:([\w-]+):([\w-]*)-->")


def _keeping() -> bool:
    """Keep values only inside a request: only there are the tables a computation reads recorded
    (hooks.before_statement), and a value kept without them would never be invalidated."""
    return current_app.config.get("FRAGMENT_CACHE_ENABLED", True) and has_request_context()


def _fragment_seconds() -> int:
    return current_app.config.get("CACHE_DEFAULT_TIMEOUT") or 600


def shared_fragment(name: str, key, tables=(), fill=None, caller=None) -> Markup:
    """Jinja: `{% call shared_fragment("name", id, ["table"]) %}...{% endcall %}`, the same for everyone.

    The block is rendered once and kept until a table it read changes (the
    SQL it runs is recorded, as for pages), or one of `tables` (what the view
    loaded before the block, e.g. the page's proposal), or a clock's moment
    passes. It must show nothing that depends on who is looking: no
    current_user, no permission check, no CSRF token. What does goes in a
    `fragment_slot("name", value)` inside the block, filled for each request
    by `fill["name"](value)` (a macro of the viewer's buttons) without a query.
    """
    html = shared(name, key, lambda: str(caller()), tables)
    return Markup(filled(html, fill) if fill else html)


def fragment_slot(name: str, value: object = "") -> Markup:
    """Jinja, inside a shared fragment: where a viewer's own part goes.

    `value` is what the shared part knows and the viewer's part needs (e.g.
    whether the table has rows): a word of letters, digits and dashes.
    """
    text = str(value)
    if not re.fullmatch(r"[\w-]*", text):
        raise ValueError(f"slot value {text!r} is not a word")
    return Markup(f"<!--spolu-slot:{name}:{text}-->")


def filled(html: str, fill: dict[str, Callable[[str], object]]) -> str:
    """Each slot of a shared fragment replaced by what its filler renders for this viewer."""
    return SLOT.sub(lambda match: str(fill[match.group(1)](match.group(2))), html)


def _tell_readers(tables, expires_at: float | None) -> None:
    """What a kept entry read, to what is being recorded around it: the visitor's page, an enclosing fragment.

    A value served from the cache runs no SQL, so they would not learn that they show it
    (a visitor's municipality page kept past a grouping's new name).
    """
    page = g.get("page_recording")
    readers = ([page] if page is not None else []) + list(g.get("fragment_recordings", ()))
    for reader in readers:
        reader.tables.update(tables)
        reader.expire_by(expires_at)


def shared(name: str, key, render: Callable[[], str], tables=()) -> str:
    """`render()` (HTML, the same for everyone), kept as `shared_fragment` keeps a block; from Python."""
    if not _keeping():
        return render()
    release = current_app.extensions["fragment_release"]
    cache_key = f"shared:{release}:{name}:{key}:{get_locale()}"
    try:
        entry = storage.valid_entry(cache_key)
        if entry is not None:
            _tell_readers(entry["tables"], entry["expires_at"])
            return entry["html"]
        snapshot = keys.request_versions()
    except Exception:  # noqa: BLE001
        log.warning("fragment cache unreachable: rendering %s afresh", name, exc_info=True)
        return render()
    recording = Recording(key=cache_key, versions=snapshot, tables={*fragment_cache._table_names(tables)})
    html = storage.computed(recording, render)
    try:
        storage.keep(recording, _fragment_seconds(), html=html, tables=sorted(recording.tables))
        _tell_readers(recording.tables, recording.expires_at)
    except Exception:  # noqa: BLE001
        log.warning("fragment cache unreachable: %s not stored", name, exc_info=True)
    return html


def remember(name: str, key, compute: Callable[[], object], scopes: dict[str, str] | None = None):
    """`compute()`, kept (per `key`, e.g. a user's id) until a table it read changes.

    For what a signed-in page shell asks on every page (the unread count, the
    roles): the SQL `compute` runs is recorded as for pages; `scopes` confines
    a table to rows (`{"notification": "user_id=7"}`, kept only if every read
    of the table says so). The value must pickle. Without a working cache, or
    with the fragment cache off, it is computed every time.
    """
    if not _keeping():
        return compute()
    cache_key = f"remember:{current_app.extensions['fragment_release']}:{name}:{key}"
    scopes = keys.registered(scopes or {})  # outside the try: a misspelt scope is a bug, not an unreachable cache
    try:
        entry = storage.valid_entry(cache_key)
        if entry is not None:
            _tell_readers(entry.get("tables", ()), entry["expires_at"])
            return entry["value"]
        versions = dict(keys.request_versions())
        versions.update(keys.scope_versions(scopes))
    except Exception:  # noqa: BLE001
        log.warning("cache unreachable: computing %s afresh", name, exc_info=True)
        return compute()
    recording = Recording(key=cache_key, versions=versions, scoped=scopes)
    value = storage.computed(recording, compute)
    try:
        storage.keep(recording, _fragment_seconds(), value=value, tables=sorted(recording.tables))
        _tell_readers(recording.tables, recording.expires_at)
    except Exception:  # noqa: BLE001
        log.warning("cache unreachable: %s not stored", name, exc_info=True)
    return value


def remember_loaded(name: str, model, ident: int, load: Callable[[], object]):
    """`load()`, an ORM object with what it joins, kept as `remember` keeps a value (until a table it read
    changes); from the cache it joins this ORM session without a query (merged with load=False, its
    loaded relationships with it).

    For reading only (a page's GET): when this ORM session holds the object already, `load()` runs, as
    merging onto it would overwrite what this request may have changed.
    """
    if db.session.identity_map.get(db.session.identity_key(model, ident)) is not None:
        return load()
    found = remember(name, ident, load)
    if found is not None and inspect(found).session is None:
        found = db.session.merge(found, load=False)
    return found


def cached(name: str, tables, render: Callable[[], tuple[str, int | None]]) -> Markup:
    """The fragment `name`, rendered by `render` only when one of `tables` changed since (the home page's
    cards); kept under a key naming their versions, so valid until its own moment.

    `render` returns (html, seconds it stays true or None for the default).
    A page being stored whole depends on the fragment's tables and lifetime too.
    """
    names = fragment_cache._table_names(tables)
    if not current_app.config.get("FRAGMENT_CACHE_ENABLED", True):
        return Markup(render()[0])
    try:
        versions = fragment_cache.current_versions([fragment_cache.VERSION + table for table in names])
        digest = blake2b("|".join(f"{t}={v or 0}" for t, v in zip(names, versions, strict=True)).encode(),
                         digest_size=12).hexdigest()
        key = f"fragment:{current_app.extensions['fragment_release']}:{name}:{get_locale()}:{digest}"
        stored = storage.valid_entry(key)
    except Exception:  # noqa: BLE001
        log.warning("fragment cache unreachable: rendering %s afresh", name, exc_info=True)
        return Markup(render()[0])
    if stored is None:
        html, seconds = render()
        stored = {"html": str(html), "deps": [], "versions": [],
                  "expires_at": None if seconds is None else time.time() + seconds}
        try:
            storage.put(key, stored)
        except Exception:  # noqa: BLE001
            log.warning("fragment cache unreachable: %s not stored", name, exc_info=True)
    _tell_readers(names, stored["expires_at"])
    return Markup(stored["html"])
