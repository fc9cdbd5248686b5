"""What a page reads: the tables its SQL names, the rows a rule confines it to, and its clocks.

While a page (or a fragment, or a remembered value) is computed, every SQL
statement is read for the names of the tables it touches (`note_read`, an
engine event); a `Recording` collects them. `scope` rules say a page reads
only some rows of a table (the proposal page reads its own proposal's
supports), checked statement by statement (`_confined`). `expires_at`
registers a table whose rows change what pages show by time alone.
"""

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import g, has_request_context

from participation.extensions import db

log = logging.getLogger(__name__)

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


def expires_at(table: str, next_moment: Callable[[datetime], datetime | None]) -> None:
    """Pages that read `table` are kept only until `next_moment(now)` (None: no moment ahead)."""
    _CLOCKS[table] = next_moment


def scope(endpoint: str, rule: Callable[[dict], dict[str, str]]) -> None:
    """Pages of `endpoint` read only the rows `rule(view_args)` names of each table it returns.

    The rule returns {table name: "column=value"}; the writer bumps that key
    for each changed row (fragment_cache.SCOPED_COLUMNS must list the column).
    """
    SCOPES[endpoint] = rule


def expire_by_clocks(recording: Recording, seconds: int) -> None:
    """The recording stays true until the next moment of a clock it read, and at most `seconds`."""
    moment = datetime.now(UTC)
    # A page and its shared fragments ask the same clock: once a request (its next moment is still ahead).
    asked = g.setdefault("clock_moments", {}) if has_request_context() else {}
    for table in recording.tables & _CLOCKS.keys():
        if table not in asked:
            asked[table] = _CLOCKS[table](moment)
        following = asked[table]
        if following is not None:
            recording.expire_by(following.timestamp())
    recording.expire_by(time.time() + seconds)


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


def note_read(statement: str, parameters) -> None:
    """The statement's tables to each recording of the request (hooks.before_statement calls it)."""
    recordings = [g.page_recording] if g.get("page_recording") is not None and not g.page_recording.paused else []
    recordings += g.get("fragment_recordings", ())
    found = tables_in(statement) if recordings else frozenset()
    for recording in recordings:
        recording.tables.update(found)
        for table in found & recording.scoped.keys():
            if not _confined(statement, parameters, table, recording.scoped[table]):
                del recording.scoped[table]  # read beyond its rows: it depends on the whole table


def _confined(statement: str, parameters, table: str, scoped: str) -> bool:
    """Does the statement visibly read only the scope's rows (`table.column = <the value>`)?"""
    column, _, value = scoped.partition("=")
    if len(re.findall(rf"\b(?:FROM|JOIN)\s+\"?{table}\"?(?:\s|$|,|\))", statement, re.IGNORECASE)) != 1:
        return False  # the table twice (an alias: another row of it, such as a merged proposal's target)
    # The name may be quoted ("user" is a reserved word).
    if not re.search(rf"(?<![\w.])\"?{table}\"?\.{column}\s*=\s*(\?|%\(\w+\)s|\$\d+|:\w+)", statement):
        return False
    values = parameters.values() if isinstance(parameters, dict) else (parameters or ())
    return any(str(item) == value for item in values)
