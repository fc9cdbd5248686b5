"""Entries this process has read or written, kept beside the shared cache.

A signed-in proposal page checks a dozen kept parts (its proposal, the
person's session, each shared fragment). Each was one round trip to Redis,
and on two cores a round trip costs more than the check itself. An entry
never changes under its versions: it is valid while the versions of what it
read are unchanged, wherever it is kept. So this process keeps a copy of
each entry it reads or writes, and checks the copy against the versions the
request reads once (`fragment_cache.current_versions`); only an entry that
is missing or outdated here is read from the shared cache.

The copy is pickled, as in the shared cache: every hit gets its own objects
(a kept account is merged into the request's ORM session; a list must not be
changed for the next request). The copies are bounded by
PAGE_CACHE_PROCESS_BYTES (least recently used first out) and belong to the
app, so two apps in one process (the tests) never share them.
"""

import pickle
import threading
from collections import OrderedDict
from typing import NamedTuple

from flask import current_app

EXTENSION = "spolu_entries_here"


class Copy(NamedTuple):
    deps: list[str]
    versions: list[str | None]
    expires_at: float | None
    pickled: bytes


class EntriesHere:
    """A least-recently-used map of key -> Copy, bounded by the pickled bytes it holds."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._copies: OrderedDict[str, Copy] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # the development server's threads; gunicorn's sync workers have one
        # Values of the shared cache that never change once set (a sign-in session's account), recalled.
        self.facts: dict[str, object] = {}

    def get(self, key: str) -> Copy | None:
        with self._lock:
            found = self._copies.get(key)
            if found is not None:
                self._copies.move_to_end(key)
            return found

    def put(self, key: str, entry: dict) -> None:
        pickled = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        if len(pickled) > self.budget // 8:
            return  # one huge entry would push out everything else
        copy = Copy(entry["deps"], entry["versions"], entry["expires_at"], pickled)
        with self._lock:
            self._drop(key)
            self._copies[key] = copy
            self._bytes += len(pickled)
            while self._bytes > self.budget:
                self._drop(next(iter(self._copies)))

    def forget(self, key: str) -> None:
        with self._lock:
            self._drop(key)

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()
            self._bytes = 0
            self.facts.clear()

    def _drop(self, key: str) -> None:
        old = self._copies.pop(key, None)
        if old is not None:
            self._bytes -= len(old.pickled)


def init_app(app) -> None:
    app.extensions[EXTENSION] = EntriesHere(app.config.get("PAGE_CACHE_PROCESS_BYTES", 16 * 1024 * 1024))


def facts() -> dict[str, object]:
    """Facts this process recalls from the shared cache (those that never change once set); bounded by
    the caller, forgotten with the copies (`page_cache.clear`)."""
    return current_app.extensions[EXTENSION].facts


def entries() -> EntriesHere | None:
    """This app's copies; None when PAGE_CACHE_PROCESS_BYTES is 0 (every entry read from the shared cache)."""
    kept = current_app.extensions.get(EXTENSION)
    return kept if kept is not None and kept.budget > 0 else None
