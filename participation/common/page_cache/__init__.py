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

The package, by noun: `reads` (what a page reads: tables, scopes, clocks),
`keys` (where entries are stored and the versions they depend on),
`storage` (entries in the cache), `hooks` (before and after each request)
and `fragments` (shared fragments and a person's remembered figures).
"""

from participation.common.page_cache import here
from participation.common.page_cache.fragments import (
    cached,
    remember,
    remember_loaded,
    shared,
    shared_fragment,
)
from participation.common.page_cache.hooks import enabled, init_app, serve_from_cache, store
from participation.common.page_cache.keys import (
    PAGE,
    PERSONAL_COLUMNS,
    all_versions,
    normalised_address,
    page_key,
    read_ahead,
)
from participation.common.page_cache.reads import SCOPES, Recording, expires_at, scope, tables_in
from participation.common.page_cache.storage import HIT_HEADER
from participation.extensions import cache

__all__ = ["HIT_HEADER", "PAGE", "PERSONAL_COLUMNS", "SCOPES", "Recording", "all_versions", "cached", "clear", "enabled",
           "expires_at", "init_app", "normalised_address", "page_key", "read_ahead", "remember", "remember_loaded",
           "scope", "serve_from_cache", "shared", "shared_fragment", "store", "tables_in"]


def clear() -> None:
    """Forget every stored page and fragment (tests, and `flask cache clear`), and this process's copies.

    Other processes' copies are checked against versions, which the clear forgets too, so they are
    outdated at their next read.
    """
    cache.clear()
    if (copies := here.entries()) is not None:
        copies.clear()
