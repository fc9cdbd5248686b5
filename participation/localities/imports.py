"""Importing localities from a CSV file: validate every row, then upsert all or nothing.

The same rules as the municipality import (participation.territory.imports):
a header row names the columns municipality_code, name, code, latitude,
longitude, dwellings, inhabitants (only the first two are required, in any
order); UTF-8 with or without a byte-order mark, commas or semicolons. A row
is matched to an existing locality by its official code, else by its
municipality and name, so importing the same file twice changes nothing.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from participation.audit import services as audit
from participation.common.csv_rows import ImportResult, read_rows
from participation.common.text import fold
from participation.extensions import db
from participation.localities.models import Locality
from participation.territory.models import Municipality

COLUMNS = ("municipality_code", "name", "code", "latitude", "longitude", "dwellings", "inhabitants")
REQUIRED = ("municipality_code", "name")
MUNICIPALITY_CODE = re.compile(r"^\d{6}$")
LOCALITY_CODE = re.compile(r"^\d{1,12}$")
MAX_NAME = 120
MAX_COUNT = 1_000_000
RANGES = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0)}
PROGRESS_EVERY = 500


@dataclass
class Row:
    line: int
    municipality: Municipality
    values: dict  # name, code, latitude, longitude, dwellings, inhabitants
    match: Locality | None = None


Result = ImportResult[Row]


def _number(raw: str, name: str, problems: list):
    if not raw:
        return None
    cleaned = raw.replace(" ", "").replace("\xa0", "")
    if name in RANGES:
        try:
            value = float(cleaned.replace(",", "."))
        except ValueError:
            value = None
        low, high = RANGES[name]
        if value is None or not low <= value <= high:
            problems.append(f"bad {name} {raw!r}: a number from {low:g} to {high:g}")
            return None
        return value
    if not cleaned.isdigit() or int(cleaned) > MAX_COUNT:
        problems.append(f"bad {name} {raw!r}: a whole number from 0 to {MAX_COUNT:,}")
        return None
    return int(cleaned)


def _check_row(cells: dict, municipalities: dict) -> tuple[list[str], Municipality | None, dict]:
    problems = []
    missing = [c for c in REQUIRED if not cells.get(c)]
    if missing:
        problems.append("missing field: " + ", ".join(missing))
    municipality = None
    if cells.get("municipality_code"):
        municipality = municipalities.get(cells["municipality_code"])
        if municipality is None:
            problems.append(f"unknown municipality code {cells['municipality_code']!r}: import the municipality first")
    if len(cells.get("name", "")) > MAX_NAME:
        problems.append(f"name longer than {MAX_NAME} characters")
    code = cells.get("code", "")
    if code and not LOCALITY_CODE.match(code):
        problems.append(f"bad code {code!r}: a locality code has digits only (at most 12)")
    values = {"name": cells.get("name", ""), "code": code or None}
    for name in ("latitude", "longitude", "dwellings", "inhabitants"):
        values[name] = _number(cells.get(name, ""), name, problems)
    values["dwellings"] = values["dwellings"] or 0
    values["inhabitants"] = values["inhabitants"] or 0
    return problems, municipality, values


class _Matcher:
    """Finds each row's existing locality and the conflicts between rows and the database."""

    def __init__(self):
        localities = list(db.session.scalars(select(Locality)))
        self.by_code = {loc.code: loc for loc in localities if loc.code}
        self.by_name = {(loc.municipality_id, loc.name): loc for loc in localities}
        self.first_line: dict = {}

    def problems(self, line: int, municipality: Municipality, values: dict) -> tuple[list[str], Locality | None]:
        problems, code, key = [], values["code"], (municipality.id, values["name"])
        for seen in ((("code", code) if code else None), ("name", key)):
            if seen is None:
                continue
            if seen in self.first_line:
                problems.append(f"duplicate {seen[0]} (first on line {self.first_line[seen]})")
            else:
                self.first_line[seen] = line
        match = self.by_code.get(code) if code else None
        if match is not None and match.municipality_id != municipality.id:
            problems.append(f"code {code} belongs to a locality of another municipality")
        match = match or self.by_name.get(key)
        namesake = self.by_name.get(key)
        if match is not None and namesake is not None and namesake is not match:
            problems.append(f"the municipality already has another locality named {values['name']!r}")
        return problems, match


def _header_positions(cells: list[str]) -> dict[str, int] | None:
    """Where each column is, from a header that may use spaces, capitals or accents; None if one is missing."""
    header = [fold(cell).replace(" ", "_") for cell in cells]
    if not set(REQUIRED) <= set(header):
        return None
    return {column: header.index(column) for column in COLUMNS if column in header}


def read_csv(data: bytes) -> Result:
    """Parse and validate every row; the result lists each bad row with its line number."""
    result = Result()
    result.errors, rows = read_rows(data, _header_positions,
                                    "the header must name the columns " + ", ".join(COLUMNS))
    if result.errors:
        return result
    municipalities = {m.code: m for m in db.session.scalars(select(Municipality))}
    matcher = _Matcher()
    for line, values in rows:
        problems, municipality, parsed = _check_row(values, municipalities)
        match = None
        if municipality is not None and parsed["name"]:
            more, match = matcher.problems(line, municipality, parsed)
            problems += more
        if problems:
            result.errors.extend((line, problem) for problem in problems)
        else:
            result.rows.append(Row(line, municipality, parsed, match))
    if not result.rows and not result.errors:
        result.errors.append((2, "the file has a header but no rows"))
    return result


def _upsert(row: Row, result: Result) -> None:
    values = {**row.values, "search_name": fold(row.values["name"])}
    locality = row.match
    if locality is None:
        db.session.add(Locality(municipality_id=row.municipality.id, **values))
        result.created += 1
        return
    if row.values["code"] is None:
        values.pop("code")  # a file without codes never erases one
    if all(getattr(locality, key) == value for key, value in values.items()):
        result.unchanged += 1
        return
    for key, value in values.items():
        setattr(locality, key, value)
    result.updated += 1


def import_rows(result: Result, progress: Callable[[int, int], None] | None = None) -> Result:
    """Upsert the validated rows in one transaction; count what changed."""
    if result.errors:
        return result
    total = len(result.rows)
    for done, row in enumerate(result.rows, start=1):
        _upsert(row, result)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    if result.created or result.updated:
        audit.record(None, "locality.import", "locality",
                     details={"created": result.created, "updated": result.updated, "unchanged": result.unchanged})
    db.session.commit()
    return result


def import_localities(data: bytes) -> Result:
    """Validate the whole file, then import it; nothing is written if any row is bad."""
    return import_rows(read_csv(data))
