"""A list's filters: read from the address, applied to the list's query.

Every list of items filters by municipality, grouping and text, plus the
kind's own choices (kind, status, category). A malformed value never gives
an error: it is dropped, and `unknown` says that one was given.
"""

from dataclasses import dataclass, field

from sqlalchemy import false

from participation.chain.scoping import Scoping
from participation.common.text import fold
from participation.common.validation import read_int

MAX_QUERY = 100


@dataclass
class ListFilters:
    municipality_id: int | None = None
    grouping_id: int | None = None
    q: str | None = None
    # The kind's own filters: attribute name -> chosen value (an enum member).
    choices: dict = field(default_factory=dict)
    # A value was given that matches nothing (a malformed id or an unknown choice).
    unknown: bool = False

    def as_context(self) -> dict:
        """The chosen values by name, as the filter form and the pagination links read them."""
        return {"municipality_id": self.municipality_id, "grouping_id": self.grouping_id, "q": self.q,
                **self.choices}


def read_id(args, name: str) -> tuple[int | None, bool]:
    """(value, malformed): an id from the address; a malformed one is None, never an error."""
    return read_int(args.get(name, ""))


def read_filters(args, **enums) -> ListFilters:
    """Filters from request arguments; `enums` names the kind's own choices (e.g. kind=AgreementKind)."""
    municipality_id, bad_municipality = read_id(args, "municipality")
    grouping_id, bad_grouping = read_id(args, "grouping")
    filters = ListFilters(municipality_id=municipality_id, grouping_id=grouping_id,
                          unknown=bad_municipality or bad_grouping)
    filters.q = args.get("q", "").replace("\x00", "")[:MAX_QUERY].strip() or None
    for name, enum_class in enums.items():
        raw = args.get(name, "")
        filters.choices[name] = enum_class(raw) if raw in {m.value for m in enum_class} else None
        filters.unknown = filters.unknown or bool(raw and filters.choices[name] is None)
    return filters


def apply_filters(statement, scoping: Scoping, filters: ListFilters, search_column, *, strict: bool = False):
    """The statement narrowed by the filters. `strict`: an unknown value matches nothing."""
    if strict and filters.unknown:
        statement = statement.where(false())
    if filters.municipality_id:
        statement = statement.where(scoping.in_municipality(filters.municipality_id))
    if filters.grouping_id:
        statement = statement.where(scoping.in_grouping(filters.grouping_id))
    for name, value in filters.choices.items():
        if value:
            statement = statement.where(getattr(scoping.model, name) == value)
    if filters.q:
        statement = statement.where(search_column.contains(fold(filters.q), autoescape=True))
    return statement
