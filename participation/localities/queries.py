"""Reading localities: a page, a municipality's section, the overviews per grouping and region.

Every overview reads the status stored on each locality (see `reports`), so it
answers in a fixed number of queries however many localities and reports there are.
"""

import csv
import io
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import case, func, select
from sqlalchemy.orm import contains_eager, joinedload

from participation.chain.scoping import Scoping
from participation.extensions import db
from participation.localities.models import ConnectionReport, ConnectionStatus, Locality, ReportSource
from participation.territory.models import Municipality

SCOPING = Scoping(Locality, municipality_column="municipality_id")

# Worst first; localities with too few reports come last.
STATUS_ORDER = (ConnectionStatus.UNSERVED, ConnectionStatus.UNDERSERVED, ConnectionStatus.SERVED,
                ConnectionStatus.GIGABIT, ConnectionStatus.UNKNOWN)
STATUS_RANK = case({status.value: rank for rank, status in enumerate(STATUS_ORDER)}, value=Locality.status)
BOM = "\ufeff"


def load_locality(locality_id: int) -> Locality | None:
    """A locality with its municipality."""
    return db.session.scalars(select(Locality).where(Locality.id == locality_id)
                              .options(joinedload(Locality.municipality))).first()


def of_municipality(municipality_id: int) -> list[Locality]:
    """A municipality's localities, alphabetical, for its page's connection section."""
    return SCOPING.section(None, (Locality.search_name, Locality.id), municipality_id=municipality_id, limit=500)


def choices_of_municipality(municipality_id: int | None) -> list[tuple[int, str]]:
    """(id, name) of a municipality's localities, for the report form."""
    rows = db.session.execute(select(Locality.id, Locality.name).where(Locality.municipality_id == municipality_id)
                              .order_by(Locality.search_name, Locality.id))
    return [(row.id, row.name) for row in rows]


def office_reports(locality_id: int) -> list[ConnectionReport]:
    """The office's current reports of a locality, newest first: for that municipality's staff only."""
    return list(db.session.scalars(select(ConnectionReport).where(
        ConnectionReport.locality_id == locality_id, ConnectionReport.source == ReportSource.OFFICE,
        ConnectionReport.superseded_at.is_(None)).order_by(ConnectionReport.created_at.desc()).limit(200)))


def in_grouping(grouping_id: int):
    """Localities of the grouping's current member municipalities."""
    return SCOPING.in_grouping(grouping_id)


def in_region(region_id: int):
    return SCOPING.in_municipalities(select(Municipality.id).where(Municipality.region_id == region_id))


@dataclass
class Totals:
    """Localities, dwellings and inhabitants per status, and the dwellings short of gigabit."""

    by_status: dict = field(default_factory=dict)
    localities: int = 0
    dwellings: int = 0
    short_of_gigabit: int = 0

    def share(self, status) -> float:
        """The share of dwellings in localities of this status, 0 to 100."""
        return 100 * self.by_status[status]["dwellings"] / self.dwellings if self.dwellings else 0.0


def totals(condition) -> Totals:
    """Counts per status in one query."""
    rows = db.session.execute(select(Locality.status, func.count(Locality.id),
                                     func.coalesce(func.sum(Locality.dwellings), 0),
                                     func.coalesce(func.sum(Locality.inhabitants), 0))
                              .where(condition).group_by(Locality.status))
    result = Totals(by_status={status: {"localities": 0, "dwellings": 0, "inhabitants": 0}
                               for status in STATUS_ORDER})
    for status, localities, dwellings, inhabitants in rows:
        result.by_status[ConnectionStatus(status)] = {"localities": localities, "dwellings": dwellings,
                                                      "inhabitants": inhabitants}
        result.localities += localities
        result.dwellings += dwellings
        if status != ConnectionStatus.GIGABIT:
            result.short_of_gigabit += dwellings
    return result


def overview_statement(condition):
    """Localities with their municipality, worst status first, then the most dwellings."""
    return (select(Locality).join(Locality.municipality).where(condition)
            .options(contains_eager(Locality.municipality))
            .order_by(STATUS_RANK, Locality.dwellings.desc(), Municipality.search_name, Locality.search_name,
                      Locality.id))


CSV_HEADER = ("municipality_code", "municipality", "locality_code", "locality", "dwellings", "inhabitants",
              "status", "current_reports", "newest_report_on")


def _cell(value) -> str:
    """A text cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(condition) -> str:
    """Locality statuses as CSV (aggregates only: never a report). Evidence is blank where too few reports."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    minimum = current_app.config["CONNECTIVITY_MIN_REPORTS"]
    for locality in db.session.scalars(overview_statement(condition)):
        # Figures only from the minimum on: a status given by an operator's declaration or a project's
        # connected dwellings shows no report count below it.
        known = locality.status != ConnectionStatus.UNKNOWN and locality.report_count >= minimum
        newest = locality.newest_report_at.date().isoformat() if known and locality.newest_report_at else ""
        writer.writerow((locality.municipality.code, _cell(locality.municipality.name), locality.code or "",
                         _cell(locality.name), locality.dwellings, locality.inhabitants, locality.status.value,
                         locality.report_count if known else "", newest))
    return BOM + buffer.getvalue()
