"""Your data: everything Spolu holds about one person, as JSON or as CSV files in a zip.

Found from the schema, not from a list: every table with a column that points
at `user.id` (author, supporter, follower, respondent, reporter, the person an
audit entry is about...) gives the rows that point at this person. A domain
added later is included without touching this module. Secrets are left out:
password hashes, sign-in session digests and any column named like a token,
hash or secret.
"""

import csv
import enum
import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Table, func, or_, select

from participation.accounts.models import User
from participation.common.models import utcnow
from participation.extensions import db

SECRET_MARKS = ("password", "token", "hash", "secret")
FORMAT_VERSION = 1


def _is_secret(column_name: str) -> bool:
    return any(mark in column_name for mark in SECRET_MARKS)


def _plain(value):
    """A JSON- and CSV-friendly form of a column value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None  # files are not rows' business here; their names and sizes are in other columns
    return value


def tables_about_people() -> list[tuple[Table, list]]:
    """Each table (but `user`) with its columns that point at a user, in a fixed order."""
    found = []
    for table in sorted(db.metadata.tables.values(), key=lambda t: t.name):
        if table.name == User.__tablename__:
            continue
        columns = [column for column in table.columns
                   if any(key.column.table.name == User.__tablename__ for key in column.foreign_keys)]
        if columns:
            found.append((table, columns))
    return found


def _rows(table: Table, columns: list, user_id: int) -> list[dict]:
    kept = [column for column in table.columns if not _is_secret(column.name)]
    order = list(table.primary_key.columns) or kept[:1]
    statement = (select(*kept).where(or_(*(column == user_id for column in columns)))
                 .order_by(*order))
    return [{key: _plain(value) for key, value in row._mapping.items()}
            for row in db.session.execute(statement)]


def count_rows(user: User) -> int:
    """How many rows an export of the user would hold: one count per table, nothing loaded."""
    total = 1  # the account
    for table, columns in tables_about_people():
        statement = select(func.count()).select_from(table).where(or_(*(column == user.id for column in columns)))
        total += db.session.scalar(statement) or 0
    return total


def collect(user: User) -> dict:
    """Everything about the user: the account, then each table's rows that point at them."""
    account = {column.name: _plain(getattr(user, column.key))
               for column in User.__table__.columns if not _is_secret(column.name)}
    data = {}
    for table, columns in tables_about_people():
        rows = _rows(table, columns, user.id)
        if rows:
            data[table.name] = rows
    return {"format": FORMAT_VERSION, "exported_at": utcnow().isoformat(), "account": account, "data": data}


def as_json(collected: dict) -> bytes:
    return json.dumps(collected, ensure_ascii=False, indent=2, default=str).encode()


def _csv(rows: list[dict]) -> bytes:
    names = list(dict.fromkeys(name for row in rows for name in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names)
    writer.writeheader()
    for row in rows:
        writer.writerow({name: "" if row.get(name) is None else row[name] for name in names})
    return buffer.getvalue().encode("utf-8-sig")  # with a BOM, so spreadsheets read the Czech letters


def as_zip(collected: dict) -> bytes:
    """A zip with account.csv, one CSV per table and the whole as spolu.json."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("account.csv", _csv([collected["account"]]))
        for name, rows in collected["data"].items():
            archive.writestr(f"{name}.csv", _csv(rows))
        archive.writestr("spolu.json", as_json(collected))
    return buffer.getvalue()
