"""The advisors' work log (visits and consultations) and the yearly report per advisor, field and grouping."""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.advisors.models import Advisor, AdvisorField, WorkEntry, WorkKind
from participation.audit import services as audit
from participation.extensions import db
from participation.localities.services import Invalid
from participation.permissions.advisors import serves
from participation.territory.models import Grouping, GroupingMembership

MAX_HOURS = 24.0


@dataclass
class WorkData:
    worked_on: date
    kind: WorkKind
    topic: str
    hours: float
    municipalities: list = field(default_factory=list)


def log_work(advisor: Advisor, data: WorkData, today: date | None = None) -> WorkEntry:
    """The advisor records a visit or consultation in municipalities they serve."""
    errors = {}
    today = today or date.today()
    if data.worked_on > today:
        errors["worked_on"] = _l("The date cannot be in the future.")
    if not (0 < data.hours <= MAX_HOURS):
        errors["hours"] = _l("Enter the hours spent, more than 0 and at most 24.")
    if not data.municipalities:
        errors["municipalities"] = _l("Name the municipalities the work was for.")
    else:
        outside = [m.name for m in data.municipalities if not serves(advisor, m.id, None)]
        if outside:
            errors["municipalities"] = _l("You do not serve these municipalities: %(names)s.",
                                          names=", ".join(outside))
    if errors:
        raise Invalid(errors)
    entry = WorkEntry(advisor_id=advisor.id, worked_on=data.worked_on, kind=data.kind, topic=data.topic.strip(),
                      hours=round(float(data.hours), 2), municipalities=list(data.municipalities))
    db.session.add(entry)
    db.session.flush()
    audit.record(advisor.user, "advisor_work.log", "advisor_work_entry", entry.id,
                 municipality_id=data.municipalities[0].id,
                 details={"date": data.worked_on.isoformat(), "hours": entry.hours,
                          "municipalities": sorted(m.code for m in data.municipalities)})
    db.session.commit()
    return entry


def entries_of(advisor: Advisor, year: int) -> list[WorkEntry]:
    """An advisor's work in a year, newest first."""
    return list(db.session.scalars(select(WorkEntry).where(
        WorkEntry.advisor_id == advisor.id, WorkEntry.worked_on >= date(year, 1, 1),
        WorkEntry.worked_on <= date(year, 12, 31)).options(selectinload(WorkEntry.municipalities))
        .order_by(WorkEntry.worked_on.desc(), WorkEntry.id.desc())))


@dataclass
class Line:
    label: str
    entries: int = 0
    visits: int = 0
    hours: float = 0.0
    municipalities: set = field(default_factory=set)

    def add(self, entry: WorkEntry) -> None:
        self.entries += 1
        self.visits += entry.kind == WorkKind.VISIT
        self.hours = round(self.hours + entry.hours, 2)
        self.municipalities.update(m.id for m in entry.municipalities)


@dataclass
class Report:
    year: int
    by_advisor: list[Line]
    by_field: list[Line]
    by_grouping: list[Line]
    total: Line


def yearly_report(year: int, field_labels: dict) -> Report:
    """Work per advisor, per field and per grouping (an entry counts for every grouping of its municipalities)."""
    entries = list(db.session.scalars(select(WorkEntry).where(
        WorkEntry.worked_on >= date(year, 1, 1), WorkEntry.worked_on <= date(year, 12, 31)).options(
        selectinload(WorkEntry.municipalities), selectinload(WorkEntry.advisor).selectinload(Advisor.user))
        .order_by(WorkEntry.worked_on, WorkEntry.id)))
    municipality_ids = {m.id for e in entries for m in e.municipalities}
    groupings_of = defaultdict(set)
    names = {}
    if municipality_ids:
        for municipality_id, grouping_id, name in db.session.execute(
                select(GroupingMembership.municipality_id, Grouping.id, Grouping.name)
                .join(Grouping, Grouping.id == GroupingMembership.grouping_id)
                .where(GroupingMembership.municipality_id.in_(municipality_ids),
                       GroupingMembership.left_on.is_(None))):
            groupings_of[municipality_id].add(grouping_id)
            names[grouping_id] = name
    by_advisor: dict[int, Line] = {}
    by_field: dict[str, Line] = {}
    by_grouping: dict[int, Line] = {}
    total = Line(str(_l("Total")))
    for entry in entries:
        advisor = entry.advisor
        by_advisor.setdefault(advisor.id, Line(f"{advisor.name} ({field_labels[advisor.field]})")).add(entry)
        by_field.setdefault(str(advisor.field), Line(str(field_labels[advisor.field]))).add(entry)
        for grouping_id in set().union(*(groupings_of[m.id] for m in entry.municipalities)):
            by_grouping.setdefault(grouping_id, Line(names[grouping_id])).add(entry)
        total.add(entry)
    order = [f.value for f in AdvisorField]
    return Report(year, sorted(by_advisor.values(), key=lambda line: line.label),
                  [by_field[f] for f in order if f in by_field],
                  sorted(by_grouping.values(), key=lambda line: line.label), total)


def report_csv(report: Report) -> str:
    """The report as CSV for Czech spreadsheets: a BOM, semicolons, decimal commas."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(_l("Section")), str(_l("Name")), str(_l("Entries")), str(_l("Visits")),
                     str(_l("Hours")), str(_l("Municipalities"))])
    for section, lines in ((_l("Advisor"), report.by_advisor), (_l("Field"), report.by_field),
                           (_l("Grouping"), report.by_grouping), (_l("Total"), [report.total])):
        for line in lines:
            writer.writerow([str(section), line.label, line.entries, line.visits,
                             f"{line.hours:.2f}".replace(".", ","), len(line.municipalities)])
    return "\ufeff" + out.getvalue()
