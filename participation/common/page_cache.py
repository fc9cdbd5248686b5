"""Whole pages for visitors, rendered once and kept until a write changes what they show.

A visitor without any of Spolu's cookies (no session, no remember-me, no
`lang`) who asks for a page with GET or HEAD gets what every such visitor
speaking the same language gets. The first such request renders the page;
while it renders, every SQL statement it runs is read for the names of the
tables it touches, so the page knows exactly which tables it depends on
(fragments served from their own cache add theirs). The response, if it is a
public HTML page (`page_caching.is_public`), is stored in the shared cache
(Redis with REDIS_URL, else this process's memory) under the address, the
normalised query and the language, together with the versions its tables had
*when the request started*. The next identical request compares those
versions with the current ones (one read of the cache) and, when none has
moved, answers with the stored page before the view runs.

Versions are the fragment cache's (`fragment_cache`): every commit that
inserts, changes or deletes a row gives each table it touched a new random
version. A page also depends on finer keys where a rule says its reads of a
table are confined to some rows (`SCOPES`: the proposal page reads only its
own proposal's supports), so a support elsewhere leaves it cached; the
writer bumps the key of the rows it changed, and a bulk statement (rows
unknown) bumps the table's epoch, which every scoped key carries.

Exact, not approximately fresh: versions are read before the page's first
query, so a write that lands while a page renders leaves that page under an
older version, never newer data missing from a newer one. Versions are random
and never reused, so an evicted version is a miss, never a false hit.

Time: a page that read a table with a registered clock (`expires_at`: a
consultation opens or closes at a set moment) is kept only until that
table's next moment; no page is kept longer than PAGE_CACHE_SECONDS.

What is never stored: anything for a request with a Spolu cookie or an
Authorization header, htmx requests (they get fragments), anything not a
200 text/html page marked public, sensitive addresses (administration,
moderation). A signed-in person therefore never gets a visitor's page: they
carry the session cookie, and any cookie skips the cache.

Each response that is public gets an ETag; a request whose If-None-Match
names it gets 304 Not Modified (from the cache without running the view).
When the cache is unreachable, pages are rendered as if it were off.
"""

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import blake2b
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.engine import Engine

from participation.common import fragment_cache, page_caching
from participation.extensions import cache, db

log = logging.getLogger(__name__)

PAGE = "page:"
HIT_HEADER = "X-Spolu-Page-Cache"  # "hit" or "miss": for operators and tests (not a secret)
# Headers recomputed for every answer, never stored with a page.
_RECOMPUTED = {"content-length", "set-cookie", "etag", "date", "retry-after", HIT_HEADER.lower()}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STATEMENT_TABLES: dict[str, frozenset[str]] = {}  # SQL text -> table names in it (statements repeat)

# Table name -> a function(now) giving the next moment its rows change what pages show by time alone.
_CLOCKS: dict[str, Callable[[datetime], datetime | None]] = {}
# Endpoint -> function(view_args) giving {table: scope key}: that page reads only those rows of the table.
SCOPES: dict[str, Callable[[dict], dict[str, str]]] = {}


@dataclass
class Recording:
    """What the page being rendered read, and until when it stays true by time alone."""

    key: str
    versions: dict[str, str | None]  # version key -> its value when the request started
    tables: set[str] = field(default_factory=set)
    scoped: dict[str, str] = field(default_factory=dict)  # table -> scope key
    expires_at: float | None = None
    paused: bool = False

    def expire_by(self, moment: float | None) -> None:
        if moment is not None and (self.expires_at is None or moment < self.expires_at):
            self.expires_at = moment


def enabled() -> bool:
    return bool(current_app.config.get("PAGE_CACHE_ENABLED", True))


def expires_at(table: str, next_moment: Callable[[datetime], datetime | None]) -> None:
    """Pages that read `table` are kept only until `next_moment(now)` (None: no moment ahead)."""
    _CLOCKS[table] = next_moment


def scope(endpoint: str, rule: Callable[[dict], dict[str, str]]) -> None:
    """Pages of `endpoint` read only the rows `rule(view_args)` names of each table it returns.

    The rule returns {table name: "column=value"}; the writer bumps that key
    for each changed row (fragment_cache.SCOPED_COLUMNS must list the column).
    """
    SCOPES[endpoint] = rule


def init_app(app: Flask) -> None:
    """Listen to statements (once per process); the hooks themselves are added by web.init_app."""
    if (app.config.get("PAGE_CACHE_ENABLED", True) and app.config.get("ENV_NAME") == "production"
            and app.config.get("CACHE_TYPE") in ("SimpleCache", "simple")):
        log.warning("PAGE_CACHE_ENABLED without REDIS_URL: each process keeps its own pages, and a write served "
                    "by one process is not seen by the others' for up to PAGE_CACHE_SECONDS. Run one process, "
                    "set REDIS_URL, or set PAGE_CACHE_ENABLED=0 (docs/features/caching.md).")
    app.jinja_env.globals["shared_fragment"] = shared_fragment
    if not event.contains(Engine, "before_cursor_execute", _note_read):
        event.listen(Engine, "before_cursor_execute", _note_read)


# --- Which tables a page reads ------------------------------------------------------


def tables_in(statement: str) -> frozenset[str]:
    """Every table named in a statement (a column of the same name only adds a harmless dependency)."""
    found = _STATEMENT_TABLES.get(statement)
    if found is None:
        known = db.metadata.tables.keys()
        found = frozenset(word for word in _IDENTIFIER.findall(statement) if word in known)
        if len(_STATEMENT_TABLES) > 5000:
            _STATEMENT_TABLES.clear()
        _STATEMENT_TABLES[statement] = found
    return found


def _note_read(conn, cursor, statement, parameters, context, executemany) -> None:
    if not has_request_context():
        return
    if "request_versions" not in g and current_app.config.get("FRAGMENT_CACHE_ENABLED", True):
        g.request_versions = None  # set first: reading the versions runs no SQL, but be sure
        try:
            g.request_versions = _all_versions()  # before the request's first read (shared fragments)
        except Exception:  # noqa: BLE001
            log.warning("fragment cache unreachable", exc_info=True)
    recording = g.get("page_recording")
    found = None
    if recording is not None and not recording.paused:
        found = tables_in(statement)
        recording.tables.update(found)
        for table in found & recording.scoped.keys():
            if not _confined(statement, parameters, table, recording.scoped[table]):
                del recording.scoped[table]  # read beyond its rows: the page depends on the whole table
    for fragment in g.get("fragment_recordings", ()):
        fragment_tables = found if found is not None else tables_in(statement)
        fragment.tables.update(fragment_tables)
        for table in fragment_tables & fragment.scoped.keys():
            if not _confined(statement, parameters, table, fragment.scoped[table]):
                del fragment.scoped[table]


def _registered(scopes: dict[str, str]) -> dict[str, str]:
    """Only scopes whose column the writer bumps (fragment_cache.SCOPED_COLUMNS); the others are whole tables."""
    kept = {}
    for table, scoped in scopes.items():
        if scoped.partition("=")[0] in fragment_cache.SCOPED_COLUMNS.get(table, ()):
            kept[table] = scoped
        else:
            log.warning("scope %s:%s is not in fragment_cache.SCOPED_COLUMNS: the whole table counts", table, scoped)
    return kept


def _confined(statement: str, parameters, table: str, scoped: str) -> bool:
    """Does the statement visibly read only the scope's rows (`table.column = <the value>`)?"""
    column, _, value = scoped.partition("=")
    if len(re.findall(rf"\b(?:FROM|JOIN)\s+\"?{table}\"?(?:\s|$|,|\))", statement, re.IGNORECASE)) != 1:
        return False  # the table twice (an alias: another row of it, such as a merged proposal's target)
    if not re.search(rf"\b{table}\.{column}\s*=\s*(\?|%\(\w+\)s|\$\d+|:\w+)", statement):
        return False
    values = parameters.values() if isinstance(parameters, dict) else (parameters or ())
    return any(str(item) == value for item in values)


# --- Keys ---------------------------------------------------------------------------


def _locale() -> str:
    languages = current_app.config["LANGUAGES"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _normalised_query() -> str:
    """The query with its parameters sorted by name (each name's values in their order)."""
    pairs = sorted(request.args.items(multi=True), key=lambda pair: pair[0])
    return urlencode(pairs)


def page_key(locale: str | None = None) -> str:
    address = f"{request.scheme}://{request.host}{request.path}?{_normalised_query()}"  # links may be absolute
    digest = blake2b(address.encode(), digest_size=16).hexdigest()
    release = current_app.extensions["fragment_release"]
    return f"{PAGE}{release}:{locale or _locale()}:{digest}"


def _eligible() -> bool:
    """A visitor's GET or HEAD that may be answered from, and stored in, the cache."""
    if request.method not in ("GET", "HEAD") or request.endpoint is None or request.endpoint == "static":
        return False
    if "Authorization" in request.headers or "HX-Request" in request.headers:
        return False
    if any(name in request.cookies for name in page_caching._spolu_cookies(current_app)):
        return False
    return not request.path.startswith(page_caching.SENSITIVE_PREFIXES)


def _all_versions() -> dict[str, str | None]:
    """Every table's version now, under its key."""
    keys = [fragment_cache.VERSION + name for name in sorted(db.metadata.tables.keys())]
    return dict(zip(keys, fragment_cache.current_versions(keys), strict=True))


# --- Serving and storing ----------------------------------------------------------


def serve_from_cache():
    """before_request: the stored page when nothing it shows has changed; else start recording."""
    for name in ("page_recording", "page_cache_hit", "request_versions", "fragment_recordings"):
        g.pop(name, None)
    if not enabled() or not _eligible():
        return None
    try:
        key = page_key()
        entry = cache.get(key)
        if entry is not None and _still_valid(entry):
            return _answer(entry)
        g.page_recording = Recording(key=key, versions=_all_versions())
        g.request_versions = g.page_recording.versions
        _declare_scopes(g.page_recording, request.endpoint, request.view_args)
    except Exception:  # noqa: BLE001  (a cache that is down: render as without one)
        log.warning("page cache unreachable: rendering %s afresh", request.path, exc_info=True)
    return None


def _still_valid(entry: dict) -> bool:
    if entry["expires_at"] is not None and entry["expires_at"] <= time.time():
        return False
    deps = entry["deps"]
    return not deps or list(cache.get_many(*deps)) == entry["versions"]


def _answer(entry: dict) -> Response:
    response = Response(entry["body"], status=200, headers=entry["headers"])
    response.set_etag(entry["etag"])
    response.headers[HIT_HEADER] = "hit"
    g.page_cache_hit = True
    return response.make_conditional(request)


def store(response: Response) -> Response:
    """after_request (last): store a visitor's public page; ETag and 304 for every public page."""
    recording = g.pop("page_recording", None)
    if not response.cache_control.public or response.status_code != 200 or response.direct_passthrough:
        return response
    if g.get("page_cache_hit"):
        return response
    if recording is not None:
        recording.paused = True
        response.headers[HIT_HEADER] = "miss"
    response.add_etag()
    if recording is not None and response.mimetype == "text/html" and page_caching.is_public(response):
        try:
            _store(recording, response)
        except Exception:  # noqa: BLE001
            log.warning("page cache unreachable: %s not stored", request.path, exc_info=True)
    return response.make_conditional(request)


def _dependencies(recording: Recording) -> tuple[list[str], list[str | None]]:
    """The version keys the page depends on, and their values when the request started."""
    deps = []
    for table in sorted(recording.tables):
        scoped = recording.scoped.get(table)
        if scoped is None:
            deps.append(fragment_cache.VERSION + table)
        else:
            deps += [fragment_cache.EPOCH + table, fragment_cache.SCOPE + f"{table}:{scoped}"]
    return deps, [recording.versions.get(key) for key in deps]


def _expire_by_clocks(recording: Recording, seconds: int) -> None:
    """The recording stays true until the next moment of a clock it read, and at most `seconds`."""
    moment = datetime.now(UTC)
    for table in recording.tables & _CLOCKS.keys():
        following = _CLOCKS[table](moment)
        if following is not None:
            recording.expire_by(following.timestamp())
    recording.expire_by(time.time() + seconds)


def _store(recording: Recording, response: Response) -> None:
    now = time.time()
    _expire_by_clocks(recording, current_app.config.get("PAGE_CACHE_SECONDS") or 600)
    deps, versions = _dependencies(recording)
    if any(value is None for value in versions):
        return  # the cache lost a version as it was set: better not stored than unsure
    headers = [(name, value) for name, value in response.headers.items()
               if name.lower() not in _RECOMPUTED and not name.lower().startswith("x-ratelimit")]
    entry = {"body": response.get_data(), "headers": headers, "etag": response.get_etag()[0],
             "deps": deps, "versions": versions, "expires_at": recording.expires_at}
    cache.set(recording.key, entry, timeout=max(1, int(recording.expires_at - now)))


def _declare_scopes(recording: Recording, endpoint: str, view_args: dict | None) -> None:
    """Before the view: the scoped keys of this endpoint, and their versions now."""
    rule = SCOPES.get(endpoint)
    if rule is None:
        return
    recording.scoped = _registered(rule(view_args or {}))
    keys = []
    for table, scoped in recording.scoped.items():
        keys += [fragment_cache.EPOCH + table, fragment_cache.SCOPE + f"{table}:{scoped}"]
    recording.versions.update(zip(keys, fragment_cache.current_versions(keys), strict=True))


# --- Shared fragments in anyone's pages --------------------------------------------


def shared_fragment(name: str, key, tables=(), caller=None) -> Markup:
    """Jinja: `{% call shared_fragment("name", id, ["table"]) %}...{% endcall %}`, the same for everyone.

    The block is rendered once and kept until a table it read changes (the
    SQL it runs is recorded, as for pages), or one of `tables` (what the view
    loaded before the block, e.g. the page's proposal), or a clock's moment
    passes. It must show nothing that depends on who is looking: no
    current_user, no permission check, no CSRF token.
    """
    if not current_app.config.get("FRAGMENT_CACHE_ENABLED", True):
        return Markup(caller())
    release = current_app.extensions["fragment_release"]
    cache_key = f"shared:{release}:{name}:{key}:{get_locale()}"
    try:
        entry = cache.get(cache_key)
        if entry is not None and _still_valid(entry):
            page = g.get("page_recording")
            if page is not None:
                page.tables.update(entry["tables"])
                page.expire_by(entry["expires_at"])
            return Markup(entry["html"])
        snapshot = g.get("request_versions") or _all_versions()
    except Exception:  # noqa: BLE001
        log.warning("fragment cache unreachable: rendering %s afresh", name, exc_info=True)
        return Markup(caller())
    recording = Recording(key=cache_key, versions=snapshot, tables={*fragment_cache._table_names(tables)})
    g.setdefault("fragment_recordings", []).append(recording)
    try:
        html = caller()
    finally:
        g.fragment_recordings.remove(recording)
    try:
        _expire_by_clocks(recording, current_app.config.get("CACHE_DEFAULT_TIMEOUT") or 600)
        page = g.get("page_recording")
        if page is not None:
            page.expire_by(recording.expires_at)
        deps, versions = _dependencies(recording)
        if all(value is not None for value in versions):
            entry = {"html": str(html), "deps": deps, "versions": versions, "tables": sorted(recording.tables),
                     "expires_at": recording.expires_at}
            cache.set(cache_key, entry, timeout=max(1, int(recording.expires_at - time.time())))
    except Exception:  # noqa: BLE001
        log.warning("fragment cache unreachable: %s not stored", name, exc_info=True)
    return Markup(html)


# --- A person's own figures (the page shell) ----------------------------------------


def remember(name: str, key, compute: Callable[[], object], scopes: dict[str, str] | None = None):
    """`compute()`, kept (per `key`, e.g. a user's id) until a table it read changes.

    For what a signed-in page shell asks on every page (the unread count, the
    roles): the SQL `compute` runs is recorded as for pages; `scopes` confines
    a table to rows (`{"notification": "user_id=7"}`, kept only if every read
    of the table says so). The value must pickle. Without a working cache, or
    with the fragment cache off, it is computed every time.
    """
    if not current_app.config.get("FRAGMENT_CACHE_ENABLED", True):
        return compute()
    cache_key = f"remember:{name}:{key}"
    try:
        entry = cache.get(cache_key)
        if entry is not None and _still_valid(entry):
            return entry["value"]
        scopes = _registered(scopes or {})
        scope_keys = [k for table, scoped in scopes.items()
                      for k in (fragment_cache.EPOCH + table, fragment_cache.SCOPE + f"{table}:{scoped}")]
        versions = dict(g.get("request_versions") or _all_versions())  # taken before the request's first read
        versions.update(zip(scope_keys, fragment_cache.current_versions(scope_keys), strict=True))
    except Exception:  # noqa: BLE001
        log.warning("cache unreachable: computing %s afresh", name, exc_info=True)
        return compute()
    recording = Recording(key=cache_key, versions=versions, scoped=scopes)
    g.setdefault("fragment_recordings", []).append(recording)
    try:
        value = compute()
    finally:
        g.fragment_recordings.remove(recording)
    try:
        _expire_by_clocks(recording, current_app.config.get("CACHE_DEFAULT_TIMEOUT") or 600)
        deps, stored_versions = _dependencies(recording)
        if all(version is not None for version in stored_versions):
            cache.set(cache_key, {"value": value, "deps": deps, "versions": stored_versions,
                                  "expires_at": recording.expires_at},
                      timeout=max(1, int(recording.expires_at - time.time())))
    except Exception:  # noqa: BLE001
        log.warning("cache unreachable: %s not stored", name, exc_info=True)
    return value


def clear() -> None:
    """Forget every stored page and fragment (tests, and `flask cache clear`)."""
    cache.clear()
