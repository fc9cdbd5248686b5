"""Storage: entries in the shared cache, each with the versions it was computed under.

An entry (a visitor's page, a shared fragment, a person's remembered value)
holds its dependencies' keys and the versions they had when the request
started; it is valid while those versions are unchanged and its clock has
not run out (`still_valid`, one read of the cache). `computed` runs a
computation with a recording of what it reads; `keep` stores the result.
"""

import logging
import pickle
import time
from collections.abc import Callable

from flask import Response, g, request

import participation.common.page_cache.here as here
from participation.common import fragment_cache
from participation.common.page_cache.keys import dependencies
from participation.common.page_cache.reads import Recording, expire_by_clocks
from participation.extensions import cache

log = logging.getLogger(__name__)

HIT_HEADER = "X-Spolu-Page-Cache"  # "hit" or "miss": for operators and tests (not a secret)
# Headers recomputed for every answer, never stored with a page.
_RECOMPUTED = {"content-length", "set-cookie", "etag", "date", "retry-after", HIT_HEADER.lower()}


def still_valid(deps: list[str], versions: list[str | None], expires_at: float | None) -> bool:
    if expires_at is not None and expires_at <= time.time():
        return False
    return not deps or fragment_cache.current_versions(deps) == versions


def valid_entry(key: str) -> dict | None:
    """The entry under `key` while what it read is unchanged: this process's copy when it has a valid one
    (no round trip), else the shared cache's."""
    copies = here.entries()
    copy = copies.get(key) if copies is not None else None
    if copy is not None and still_valid(copy.deps, copy.versions, copy.expires_at):
        return pickle.loads(copy.pickled)
    entry = cache.get(key)
    if entry is None or not still_valid(entry["deps"], entry["versions"], entry["expires_at"]):
        return None
    if copies is not None:
        copies.put(key, entry)
    return entry


def computed(recording: Recording, compute: Callable[[], object]):
    """`compute()` with every table it reads added to `recording`."""
    g.setdefault("fragment_recordings", []).append(recording)
    try:
        return compute()
    finally:
        g.fragment_recordings.remove(recording)


def keep(recording: Recording, seconds: int, **payload) -> bool:
    """Store `payload` under the recording's key with its dependencies; False when a version was lost."""
    expire_by_clocks(recording, seconds)
    deps, versions = dependencies(recording)
    if any(value is None for value in versions):
        return False  # the cache lost a version as it was set: better not stored than unsure
    put(recording.key, {**payload, "deps": deps, "versions": versions, "expires_at": recording.expires_at})
    return True


def put(key: str, entry: dict) -> None:
    """Store an entry (with its "deps", "versions" and "expires_at") in the shared cache and a copy here."""
    expires_at = entry["expires_at"]
    cache.set(key, entry, timeout=None if expires_at is None else max(1, int(expires_at - time.time())))
    if (copies := here.entries()) is not None:
        copies.put(key, entry)


def answer(entry: dict) -> Response:
    """A stored page as the response (304 when the browser has it)."""
    response = Response(entry["body"], status=200, headers=entry["headers"])
    response.set_etag(entry["etag"])
    response.headers[HIT_HEADER] = "hit"
    g.page_cache_hit = True
    return response.make_conditional(request)


def keep_page(recording: Recording, response: Response, seconds: int) -> None:
    headers = [(name, value) for name, value in response.headers.items()
               if name.lower() not in _RECOMPUTED and not name.lower().startswith("x-ratelimit")]
    keep(recording, seconds, body=response.get_data(), headers=headers, etag=response.get_etag()[0])
