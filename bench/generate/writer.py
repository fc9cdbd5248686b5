"""Bulk writes that bypass the ORM, and what a database needs after them.

PostgreSQL gets COPY (psycopg 3 `cursor.copy`); other databases get
SQLAlchemy Core `insert()` with executemany in batches of BATCH rows. Rows
arrive as tuples in the order of `columns`, usually from a generator, so
that the largest tables never sit in memory.
"""

import time

import click
from sqlalchemy import Table, text

from participation.extensions import db

BATCH = 20_000


class Writer:
    """Bulk writes: COPY on PostgreSQL, Core executemany in batches elsewhere; prints progress."""

    def __init__(self, echo=click.echo):
        self.engine = db.engine
        self.postgres = self.engine.dialect.name == "postgresql"
        self.echo = echo
        self.counts: dict[str, int] = {}

    def write(self, table_name: str, columns: tuple[str, ...], rows) -> int:
        """Write `rows` into `table_name`, print the count and time, and return the count."""
        started = time.perf_counter()
        table = db.metadata.tables[table_name]
        if self.postgres:
            written = self._copy(table_name, columns, rows)
        else:
            written = self._insert(table, columns, rows)
        self.counts[table_name] = self.counts.get(table_name, 0) + written
        self.echo(f"  {table_name:<26} {written:>10,} rows  {time.perf_counter() - started:6.1f} s")
        return written

    def finish(self) -> None:
        """Make the database ready to measure: planner statistics, and PostgreSQL sequences past our ids."""
        started = time.perf_counter()
        if not self.postgres:
            with self.engine.begin() as connection:
                connection.execute(text("ANALYZE"))  # statistics for SQLite's planner
            self.echo(f"  ANALYZE                          {time.perf_counter() - started:6.1f} s")
            return
        self._move_sequences()
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("SET statement_timeout = 0"))
            connection.execute(text("VACUUM ANALYZE"))
        self.echo(f"  sequences moved, VACUUM ANALYZE  {time.perf_counter() - started:6.1f} s")

    def _insert(self, table: Table, columns: tuple[str, ...], rows) -> int:
        written = 0
        statement = table.insert()
        batch = []
        with self.engine.begin() as connection:
            for row in rows:
                batch.append(dict(zip(columns, row, strict=True)))
                if len(batch) >= BATCH:
                    connection.execute(statement, batch)
                    written += len(batch)
                    batch = []
            if batch:
                connection.execute(statement, batch)
                written += len(batch)
        return written

    def _copy(self, table_name: str, columns: tuple[str, ...], rows) -> int:
        written = 0
        raw = self.engine.raw_connection()
        try:
            with raw.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")  # a bulk load outlasts the app's per-statement limit
                names = ", ".join(f'"{c}"' for c in columns)
                with cursor.copy(f'COPY "{table_name}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
                        written += 1
            raw.commit()
        finally:
            raw.close()
        return written

    def _move_sequences(self) -> None:
        """Ids were assigned here, not by the sequences: move each past its table's highest id."""
        with self.engine.begin() as connection:
            for table in db.metadata.sorted_tables:
                if "id" in table.c and table.c.id.autoincrement and table.c.id.primary_key:
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"))
