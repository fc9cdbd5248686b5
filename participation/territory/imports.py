"""Importing municipalities from a CSV file: validate every row, then upsert all or nothing.

The file has a header row naming the columns code, name, region and population
(Czech names kod, nazev, kraj, pocet_obyvatel also work, in any order). It is
UTF-8 with or without a byte-order mark, separated by commas or semicolons.
The region is given by its ISO code (CZ-53) or its name (Pardubický kraj).
"""

import re
from dataclasses import dataclass

from sqlalchemy import select

from participation.audit import services as audit
from participation.common.csv_rows import ImportResult, read_rows
from participation.common.text import fold
from participation.extensions import db
from participation.territory.models import Municipality, Region

COLUMNS = ("code", "name", "region", "population")
ALIASES = {
    "code": {"code", "kod", "kod obce", "kod_obce", "zuj"},
    "name": {"name", "nazev", "nazev obce", "nazev_obce", "obec"},
    "region": {"region", "kraj"},
    "population": {"population", "pocet obyvatel", "pocet_obyvatel", "obyvatel", "obyvatele"},
}
CODE = re.compile(r"^\d{6}$")
MAX_NAME = 120
MAX_POPULATION = 2_000_000


@dataclass
class Row:
    line: int
    code: str
    name: str
    region: Region
    population: int


Result = ImportResult[Row]


def _header_positions(header: list[str]) -> dict[str, int] | None:
    positions = {}
    for index, raw in enumerate(header):
        key = fold(raw).replace("-", " ")
        for column, names in ALIASES.items():
            if key in names and column not in positions:
                positions[column] = index
    return positions if len(positions) == len(COLUMNS) else None


def _region_lookup() -> dict[str, Region]:
    lookup = {}
    for region in db.session.scalars(select(Region)):
        lookup[region.code.casefold()] = region
        lookup[fold(region.name)] = region
    return lookup


def _parse_population(value: str) -> int | None:
    digits = value.replace(" ", "").replace("\xa0", "").replace("\u202f", "")
    if not digits.isdigit():
        return None
    number = int(digits)
    return number if number <= MAX_POPULATION else None


def _check_row(values: dict[str, str], regions: dict[str, Region]) -> tuple[list[str], Region | None, int | None]:
    problems = []
    missing = [c for c in COLUMNS if not values.get(c)]
    if missing:
        problems.append("missing field: " + ", ".join(missing))
    code = values.get("code", "")
    if code and not CODE.match(code):
        problems.append(f"bad code {code!r}: a municipality code has exactly six digits")
    if len(values.get("name", "")) > MAX_NAME:
        problems.append(f"name longer than {MAX_NAME} characters")
    region = None
    if values.get("region"):
        region = regions.get(values["region"].casefold()) or regions.get(fold(values["region"]))
        if region is None:
            problems.append(f"unknown region {values['region']!r}: use an ISO code such as CZ-53 or the region's name")
    population = None
    if values.get("population"):
        population = _parse_population(values["population"])
        if population is None:
            problems.append(
                f"bad population {values['population']!r}: a whole number from 0 to {MAX_POPULATION:,}"
            )
    return problems, region, population


def read_csv(data: bytes) -> Result:
    """Parse and validate every row; the result lists each bad row with its line number."""
    result = Result()
    result.errors, rows = read_rows(data, _header_positions,
                                    "the header must name the columns code, name, region, population")
    if result.errors:
        return result
    regions = _region_lookup()
    first_line_of: dict[str, int] = {}
    for line, values in rows:
        problems, region, population = _check_row(values, regions)
        code = values["code"]
        if code and CODE.match(code):
            if code in first_line_of:
                problems.append(f"duplicate code {code} (first on line {first_line_of[code]})")
            else:
                first_line_of[code] = line
        if problems:
            result.errors.extend((line, problem) for problem in problems)
        else:
            result.rows.append(Row(line, code, values["name"], region, population))
    if not result.rows and not result.errors:
        result.errors.append((2, "the file has a header but no rows"))
    return result


def import_rows(result: Result) -> Result:
    """Upsert the validated rows by code in one transaction; count what changed."""
    if result.errors:
        return result
    existing = {
        m.code: m
        for m in db.session.scalars(
            select(Municipality).where(Municipality.code.in_([r.code for r in result.rows]))
        )
    }
    for row in result.rows:
        municipality = existing.get(row.code)
        if municipality is None:
            db.session.add(Municipality(
                code=row.code, name=row.name, search_name=fold(row.name),
                population=row.population, region_id=row.region.id,
            ))
            result.created += 1
            continue
        values = {"name": row.name, "search_name": fold(row.name),
                  "population": row.population, "region_id": row.region.id}
        if all(getattr(municipality, k) == v for k, v in values.items()):
            result.unchanged += 1
            continue
        for key, value in values.items():
            setattr(municipality, key, value)
        result.updated += 1
    if result.created or result.updated:
        audit.record(
            None, "municipality.import", "municipality",
            details={"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
    db.session.commit()
    return result


def import_municipalities(data: bytes) -> Result:
    """Validate the whole file, then import it; nothing is written if any row is bad."""
    return import_rows(read_csv(data))
