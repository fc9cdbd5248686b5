"""Stored counters kept by the database in the same transaction as the write.

A page shows "1 234 supporters" by reading one stored number instead of
counting a million rows. Each domain declares its counters here
(`register`): row triggers that add or take away one with an atomic
`UPDATE ... SET n = n + 1` (or an upsert) whenever a counted row is
inserted, deleted or changed, for SQLite and for PostgreSQL, and a recount
that says what the stored numbers should be.

Triggers rather than Python: every write path keeps the numbers exact
without knowing about them (a Core `delete()` in a merge, `ON DELETE
CASCADE`, an account deletion that nulls a column, a bulk import by the
benchmark generator, a test factory), and concurrent writers serialise on
the counter row instead of reading and writing back a stale number.

`install(connection)` creates the triggers (the schema's `after_create`
and the migration call it); `repair()` recounts everything and fixes and
reports the differences (`flask counters repair`). Each counter says where
its number is stored (`Stored`), so one batched write serves every domain:
after a bulk load of millions of rows every number differs, and a statement
per difference would take hours.
"""

from dataclasses import dataclass, field

from sqlalchemy import event, literal, select, text

from participation.common import fragment_cache


@dataclass
class Difference:
    """One stored number that did not match its recount."""

    counter: str
    key: tuple
    stored: int
    counted: int

    def __str__(self) -> str:
        key = ", ".join(str(part) for part in self.key)
        return f"{self.counter} [{key}]: stored {self.stored}, counted {self.counted}"


@dataclass(frozen=True)
class Stored:
    """Where one counter's numbers live: the table, the columns naming a number, and its column.

    `creates_rows`: the table holds a row only once something was counted
    (per municipality, per follower...), so a missing row is inserted; a
    proposal's or thread's own count always has its row.
    """

    table: str
    keys: tuple[str, ...]
    column: str
    creates_rows: bool = False

    def write_statement(self) -> str:
        names = ", ".join(self.keys)
        if self.creates_rows:
            values = ", ".join(f":k{i}" for i in range(len(self.keys)))
            return (f"INSERT INTO {self.table} ({names}, {self.column}) VALUES ({values}, :n) "
                    f"ON CONFLICT ({names}) DO UPDATE SET {self.column} = excluded.{self.column}")
        where = " AND ".join(f"{key} = :k{i}" for i, key in enumerate(self.keys))
        return f"UPDATE {self.table} SET {self.column} = :n WHERE {where}"


@dataclass
class CounterSet:
    """The triggers of one domain's counters and how to recount them.

    `checks` gives, per counter name, a pair of SQL statements: the stored
    values and the counted values, each yielding rows of (key..., value);
    `stored` says where each counter's values are written back.
    """

    name: str
    sqlite: list[str]
    postgresql: list[str]
    drop: list[str]  # SQLite's DROP TRIGGER statements
    drop_postgresql: list[str]
    checks: dict[str, tuple[str, str]]
    stored: dict[str, Stored]
    # Counted table -> the tables its triggers write. No statement names those, so the caches learn here
    # that a support changes the proposal's stored count (fragment_cache.ALSO_CHANGES).
    writes: dict[str, tuple[str, ...]] = field(default_factory=dict)


_REGISTRY: dict[str, CounterSet] = {}


def register(counter_set: CounterSet) -> CounterSet:
    if set(counter_set.checks) != set(counter_set.stored):
        raise ValueError(f"{counter_set.name}: every checked counter needs to say where it is stored")
    _REGISTRY[counter_set.name] = counter_set
    for source, targets in counter_set.writes.items():
        known = fragment_cache.ALSO_CHANGES.get(source, ())
        fragment_cache.ALSO_CHANGES[source] = tuple(sorted({*known, *targets}))
    return counter_set


def registered() -> list[CounterSet]:
    return list(_REGISTRY.values())


def install(connection, names=None) -> None:
    """Create (or re-create) the triggers of every registered counter set."""
    dialect = connection.dialect.name
    for counter_set in registered():
        if names is not None and counter_set.name not in names:
            continue
        for statement in _drops(counter_set, dialect):
            connection.exec_driver_sql(statement)
        statements = counter_set.postgresql if dialect == "postgresql" else counter_set.sqlite
        for statement in statements:
            connection.exec_driver_sql(statement)


def uninstall(connection) -> None:
    for counter_set in registered():
        for statement in _drops(counter_set, connection.dialect.name):
            connection.exec_driver_sql(statement)


def _drops(counter_set: CounterSet, dialect: str) -> list[str]:
    return counter_set.drop_postgresql if dialect == "postgresql" else counter_set.drop


def differences(connection, names=None) -> list[Difference]:
    """Every stored number that differs from a fresh count (missing rows count as 0)."""
    found = []
    for counter_set in registered():
        if names is not None and counter_set.name not in names:
            continue
        for counter, (stored_sql, counted_sql) in counter_set.checks.items():
            stored = {tuple(row[:-1]): int(row[-1] or 0) for row in connection.execute(text(stored_sql))}
            counted = {tuple(row[:-1]): int(row[-1] or 0) for row in connection.execute(text(counted_sql))}
            for key in sorted(set(stored) | set(counted), key=lambda k: tuple(str(p) for p in k)):
                if stored.get(key, 0) != counted.get(key, 0):
                    found.append(Difference(counter, key, stored.get(key, 0), counted.get(key, 0)))
    return found


def repair(connection, names=None) -> list[Difference]:
    """Recount, write the counted values where they differ, and return the differences.

    One batched statement per counter (the driver sends the rows together),
    not one round trip per difference.
    """
    found = differences(connection, names)
    by_counter: dict[str, list[Difference]] = {}
    for difference in found:
        by_counter.setdefault(difference.counter, []).append(difference)
    stored = {name: where for counter_set in registered() for name, where in counter_set.stored.items()}
    for counter, batch in by_counter.items():
        rows = [{"n": d.counted, **{f"k{i}": part for i, part in enumerate(d.key)}} for d in batch]
        connection.execute(text(stored[counter].write_statement()), rows)
    return found


def _install_after_create(target, connection, **kw) -> None:
    install(connection)


def listen(metadata) -> None:
    """Create the triggers whenever the schema is created from the models (tests, new databases)."""
    if not event.contains(metadata, "after_create", _install_after_create):
        event.listen(metadata, "after_create", _install_after_create)


# --- Writing in few round trips ------------------------------------------------------


def insert_ignoring_conflict(model, when=None, **values) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING in one statement; True if the row went in.

    Replaces "does it exist? savepoint, insert, release" (four round trips)
    where a unique constraint already says "at most one". `when`, a SQL
    condition, inserts only if it holds, in the same statement (a person's
    setting read by the insert instead of by a query before it).
    """
    from participation.extensions import db

    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = model.__table__
    key = list(table.primary_key.columns)[0]
    if when is None:
        statement = insert(table).values(**values)
    else:
        row = select(*(literal(value, type_=table.c[name].type) for name, value in values.items())).where(when)
        statement = insert(table).from_select(list(values), row)
    # RETURNING rather than rowcount, which some drivers leave at -1 for this statement.
    return db.session.execute(statement.on_conflict_do_nothing().returning(key)).first() is not None


def commit_keeping_loaded() -> None:
    """Commit without expiring the objects loaded in this request.

    For writes made with Core statements (an insert, a counter's trigger), where
    the loaded objects are still what the page shows: the page that follows does
    not reload the proposal, its municipalities and the user one by one.
    """
    from participation.extensions import db

    session = db.session()
    previous = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = previous
