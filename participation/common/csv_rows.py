"""Reading an uploaded CSV file the same way for every import.

UTF-8 with or without a byte-order mark, comma or semicolon (as Czech
spreadsheets save it), blank lines skipped, each row with the line number
a person sees in their editor, so an import can name the rows it refuses.
"""

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Errors = list[tuple[int, str]]
Rows = Iterator[tuple[int, dict[str, str]]]
Row = TypeVar("Row")


@dataclass
class ImportResult(Generic[Row]):
    """What an all-or-nothing import read and did: its valid rows, the refused ones, the counts."""

    rows: list[Row] = field(default_factory=list)
    errors: Errors = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def delimiter_of(sample: str) -> str:
    """Comma or semicolon, whichever the file uses."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;").delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        return ";" if header.count(";") > header.count(",") else ","


def read_rows(data: bytes, positions_of: Callable[[list[str]], dict | None], header_error: str) -> tuple[Errors, Rows]:
    """(errors, rows): errors on line 1 when the file cannot be read; else (line, {column: value}) per row.

    `positions_of` maps the header's cells to {column: index}, or None when a column is missing.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [(1, f"the file is not UTF-8 (byte {error.start})")], iter(())
    if not text.strip():
        return [(1, "the file is empty")], iter(())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text[:4096]))
    positions = positions_of(next(reader, []))
    if positions is None:
        return [(1, header_error)], iter(())
    return [], _values(reader, positions)


def _values(reader, positions: dict[str, int]) -> Rows:
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if any(cell.strip() for cell in cells):
            yield line, {column: (cells[i].strip() if i < len(cells) else "") for column, i in positions.items()}
