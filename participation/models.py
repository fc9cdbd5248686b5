"""Imports every domain's models so that SQLAlchemy and Alembic see all tables."""

import importlib

from participation.architecture import DOMAINS
from participation.events import models as _events  # noqa: F401  (the event table every domain writes to)

for _domain in DOMAINS:
    try:
        importlib.import_module(f"participation.{_domain}.models")
    except ModuleNotFoundError as _error:
        if _error.name not in (f"participation.{_domain}", f"participation.{_domain}.models"):
            raise


def delete_every_row(*, few_rows: bool = False) -> None:
    """Empty every table, keeping the schema (benchmark data with --force, and between tests).

    With few_rows (between tests) PostgreSQL gets a DELETE per table and its
    sequences restarted: TRUNCATE of every table costs about 100 ms even when
    they are empty, DELETE a few.
    """
    from sqlalchemy import text

    from participation.extensions import db

    tables = list(reversed(db.metadata.sorted_tables))
    postgres = db.engine.dialect.name == "postgresql"
    if postgres and not few_rows:
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
        if postgres:
            db.session.execute(text("SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'"))
    db.session.commit()


def _listen_for_counters() -> None:
    """Each domain's stored counters (its `counters` module: triggers and a recount) are created
    with the schema (participation/common/counters.py)."""
    from participation.common import counters
    from participation.extensions import db

    for domain in DOMAINS:
        try:
            importlib.import_module(f"participation.{domain}.counters")
        except ModuleNotFoundError as error:
            if error.name != f"participation.{domain}.counters":
                raise
    counters.listen(db.metadata)


_listen_for_counters()
