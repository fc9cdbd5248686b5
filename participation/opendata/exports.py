"""Every public list as a file: CSV (for spreadsheets) and JSON, streamed batch by batch.

The rows and their JSON shape are the API's own (api.datasets): an export is
the API's list without pages. Rows are read EXPORT_BATCH at a time, each batch
in the same few queries, and written out as they come, so a region's list
never sits in memory whole. CSV is UTF-8 with a byte order mark, separated by
semicolons, decimal numbers with the language's decimal mark, so that a Czech
spreadsheet opens it in columns with the accents right.
"""

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from participation.api.datasets import DATASETS
from participation.extensions import db

BOM = "\ufeff"
EXPORT_BATCH = 500


@dataclass(frozen=True)
class Column:
    key: str  # stable, in English: the JSON field it comes from
    label: object  # the header, in the reader's language
    value: Callable[[dict], object]


def _names(field: str) -> Callable[[dict], str]:
    return lambda item: ", ".join(ref["name"] for ref in item.get(field) or [])


def _codes(item: dict) -> str:
    return ", ".join(ref["code"] for ref in item.get("municipalities") or [])


def _get(*path: str) -> Callable[[dict], object]:
    def read(item: dict):
        value = item
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return value
    return read


def _c(key: str, label, value=None) -> Column:
    return Column(key, label, value or _get(key))


ID = _c("id", _l("ID"))
TITLE = _c("title", _l("Title"))
URL = _c("url", _l("Web page"))
MUNICIPALITIES = _c("municipalities", _l("Municipalities"), _names("municipalities"))
MUNICIPALITY_CODES = _c("municipality_codes", _l("Municipality codes"), _codes)
LATITUDE = _c("latitude", _l("Latitude"))
LONGITUDE = _c("longitude", _l("Longitude"))

COLUMNS: dict[str, tuple[Column, ...]] = {
    "proposals": (
        ID, TITLE, _c("category", _l("Category")), _c("status", _l("Status")),
        _c("published_at", _l("Published")), MUNICIPALITIES, MUNICIPALITY_CODES,
        _c("grouping", _l("Grouping"), _get("grouping", "name")),
        _c("supporters", _l("Supporters"), _get("supports", "total")),
        _c("supporting_municipalities", _l("Municipalities with supporters"), _get("supports", "municipality_count")),
        _c("threshold_reached", _l("Threshold reached")), LATITUDE, LONGITUDE, URL,
    ),
    "agreements": (
        ID, TITLE, _c("kind", _l("Kind")), _c("status", _l("Status")), _c("signed_on", _l("Signed on")),
        _c("effective_on", _l("In force from")), _c("ends_on", _l("Ends on")), MUNICIPALITIES, MUNICIPALITY_CODES,
        _c("groupings", _l("Groupings"), _names("groupings")), URL,
    ),
    "projects": (
        ID, TITLE, _c("kind", _l("Kind")), _c("status", _l("Status")), _c("progress", _l("Progress (%)")),
        _c("budget", _l("Budget (CZK)")), _c("place_name", _l("Place")), MUNICIPALITIES, MUNICIPALITY_CODES,
        LATITUDE, LONGITUDE, _c("updated_at", _l("Updated")), URL,
    ),
    "good_practice": (
        ID, TITLE, _c("category", _l("Category")), _c("summary", _l("Summary")),
        _c("published_at", _l("Published")), MUNICIPALITIES, MUNICIPALITY_CODES, URL,
    ),
    "consultations": (
        ID, TITLE, _c("grouping", _l("Grouping"), _get("grouping", "name")), MUNICIPALITIES, MUNICIPALITY_CODES,
        _c("opens_at", _l("Opens")), _c("closes_at", _l("Closes")), _c("phase", _l("Phase")),
        _c("responses", _l("Responses")), URL,
    ),
    "municipalities": (
        ID, _c("code", _l("Code")), _c("name", _l("Municipality name")), _c("population", _l("Population")),
        _c("region_code", _l("Region code"), _get("region", "code")),
        _c("region", _l("Region"), _get("region", "name")), URL,
    ),
    "groupings": (
        ID, _c("name", _l("Grouping name")), _c("kind", _l("Kind")), _c("region", _l("Region"), _get("region", "name")),
        _c("member_count", _l("Member municipalities")), URL,
    ),
    "localities": (
        ID, _c("code", _l("Code")), _c("name", _l("Locality name")),
        _c("municipality_code", _l("Municipality code"), _get("municipality", "code")),
        _c("municipality", _l("Municipality"), _get("municipality", "name")),
        _c("status", _l("Connection status")), _c("dwellings", _l("Dwellings")),
        _c("inhabitants", _l("Inhabitants")), _c("current_reports", _l("Reports")), LATITUDE, LONGITUDE, URL,
    ),
}


def item_batches(name: str, values: dict, batch: int = EXPORT_BATCH) -> Iterator[list[dict]]:
    """The dataset's public items as the API shapes them, `batch` rows at a time from one query.

    One query read as it goes (a server-side cursor on PostgreSQL), not a query per batch: with
    OFFSET, each batch sorted and skipped every row before it, and a region's proposals took
    48 s to write, over half of them waiting for the database.
    """
    dataset = DATASETS[name]
    result = db.session.execute(dataset.statement(values), execution_options={"yield_per": batch})
    for rows in result.partitions():
        yield dataset.shape(rows)  # the session keeps loaded rows weakly: a written batch is let go


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return format_decimal(value, format="0.######")
    return str(value)


def csv_chunks(name: str, values: dict, batch: int = EXPORT_BATCH) -> Iterator[str]:
    """The CSV text: a BOM and the header first, then one chunk per batch of rows."""
    columns = COLUMNS[name]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.label) for column in columns])
    yield BOM + _take(buffer)
    for items in item_batches(name, values, batch):
        for item in items:
            writer.writerow([_cell(column.value(item)) for column in columns])
        yield _take(buffer)


def json_chunks(name: str, values: dict, batch: int = EXPORT_BATCH) -> Iterator[str]:
    """A JSON array of the items, exactly as the API's list gives them, one chunk per batch."""
    yield "["
    first = True
    for items in item_batches(name, values, batch):
        for item in items:
            yield ("" if first else ",\n") + json.dumps(item, ensure_ascii=False, separators=(",", ":"))
            first = False
    yield "]\n"


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate(0)
    return text
