"""Keys and versions: where a page is stored, and the versions of what it read.

A visitor's page is stored under its address, its query sorted by name and
the language (`page_key`). Every table has a version in the cache (bumped by
`fragment_cache` on each write); a recording's dependencies are the version
keys of the tables it read, or, for a table a scope confines to some rows,
the table's epoch and that scope's key.
"""

import logging
from hashlib import blake2b
from urllib.parse import urlencode

from flask import current_app, g, request

from participation.common import fragment_cache
from participation.common.page_cache.reads import SCOPES, Recording
from participation.extensions import db

log = logging.getLogger(__name__)

PAGE = "page:"


def _locale() -> str:
    languages = current_app.config["LANGUAGES"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _normalised_query() -> str:
    """The query with its parameters sorted by name (each name's values in their order)."""
    pairs = sorted(request.args.items(multi=True), key=lambda pair: pair[0])
    return urlencode(pairs)


def normalised_address() -> str:
    """The request's path and query, its parameters sorted by name: what a page or fragment varies by."""
    return f"{request.path}?{_normalised_query()}"


def page_key(locale: str | None = None) -> str:
    address = f"{request.scheme}://{request.host}{normalised_address()}"  # links may be absolute
    digest = blake2b(address.encode(), digest_size=16).hexdigest()
    release = current_app.extensions["fragment_release"]
    return f"{PAGE}{release}:{locale or _locale()}:{digest}"


def _table_version_keys() -> list[str]:
    return [fragment_cache.VERSION + name for name in sorted(db.metadata.tables.keys())]


def all_versions() -> dict[str, str | None]:
    """Every table's version now, under its key."""
    keys = _table_version_keys()
    return dict(zip(keys, fragment_cache.current_versions(keys), strict=True))


def request_versions() -> dict[str, str | None]:
    """Every table's version before the request's first read (hooks.before_statement takes it then)."""
    if "request_versions" not in g:  # nothing read yet in this request (a signed-in page from the cache)
        g.request_versions = all_versions()
    return g.request_versions or all_versions()


# Table -> the column naming the person in a signed-in person's own remembered values (their unread
# count: notification.user_id); declared by web.py, read ahead for each signed-in request.
PERSONAL_COLUMNS: dict[str, str] = {}


def read_ahead(person_id: int, scopes: dict[str, str]) -> None:
    """One round trip for the versions a signed-in request checks: every table's, and the keys of the
    person's own scopes (`PERSONAL_COLUMNS`) and of `scopes` (their sign-in session's).

    The request keeps them (`fragment_cache.current_versions`), so its session, header and shared
    fragments then cost no round trip each. Read before any of its data, as every version must be.
    """
    scopes = {**{table: f"{column}={person_id}" for table, column in PERSONAL_COLUMNS.items()}, **scopes}
    keys = _table_version_keys() + [key for table, scoped in registered(scopes).items()
                                    for key in (fragment_cache.EPOCH + table, fragment_cache.SCOPE + f"{table}:{scoped}")]
    fragment_cache.current_versions(keys)


def registered(scopes: dict[str, str]) -> dict[str, str]:
    """Only scopes whose column the writer bumps (fragment_cache.SCOPED_COLUMNS); the others are whole tables."""
    kept = {}
    for table, scoped in scopes.items():
        if scoped.partition("=")[0] in fragment_cache.SCOPED_COLUMNS.get(table, ()):
            kept[table] = scoped
        elif current_app.config.get("PAGE_CACHE_STRICT_SCOPES"):  # tests: a misspelt table or column fails
            raise ValueError(f"scope {table}:{scoped} is not in fragment_cache.SCOPED_COLUMNS")
        else:
            log.warning("scope %s:%s is not in fragment_cache.SCOPED_COLUMNS: the whole table counts", table, scoped)
    return kept


def scope_versions(scopes: dict[str, str]) -> dict[str, str | None]:
    """The epoch and scope keys of `scopes` ({table: "column=value"}), with their versions now."""
    keys = [key for table, scoped in scopes.items()
            for key in (fragment_cache.EPOCH + table, fragment_cache.SCOPE + f"{table}:{scoped}")]
    return dict(zip(keys, fragment_cache.current_versions(keys), strict=True))


def declare_scopes(recording: Recording, endpoint: str, view_args: dict | None) -> None:
    """Before the view: the scoped keys of this endpoint, and their versions now."""
    rule = SCOPES.get(endpoint)
    if rule is None:
        return
    recording.scoped = registered(rule(view_args or {}))
    recording.versions.update(scope_versions(recording.scoped))


def dependencies(recording: Recording) -> tuple[list[str], list[str | None]]:
    """The version keys the recording depends on, and their values when the request started."""
    deps = []
    for table in sorted(recording.tables):
        scoped = recording.scoped.get(table)
        if scoped is None:
            deps.append(fragment_cache.VERSION + table)
        else:
            deps += [fragment_cache.EPOCH + table, fragment_cache.SCOPE + f"{table}:{scoped}"]
    return deps, [recording.versions.get(key) for key in deps]
