"""The representative's dashboard: how each member municipality of a grouping takes part.

Per current member municipality, in one SQL statement:

- residents: active, not deleted accounts whose home municipality it is, and
  that number as a share of the population;
- proposals: public proposals (published, not hidden) that touch it;
- supports: supports counted for it (a supporter counts for their home
  municipality at the moment of support) on public proposals that touch it,
  as the cross-municipal threshold counts them;
- consultation responses from it to the grouping's published consultations
  that have opened, and the turnout: responses / (population x the number of
  those consultations it took part in), the average turnout per consultation.

The grouping's agreements (as a party, drafts left out) and the projects
touching its members take one statement each.
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select

from participation.accounts.models import User
from participation.agreements.models import Agreement, AgreementStatus, agreement_grouping
from participation.common.models import utcnow
from participation.consultations.models import (
    Consultation,
    ConsultationStatus,
    Response,
    consultation_municipality,
)
from participation.extensions import db
from participation.projects.models import Project, project_municipality
from participation.proposals.models import Proposal, ProposalStatus, Support, proposal_municipality
from participation.stats.ordering import czech_key
from participation.territory.models import GroupingMembership, Municipality

BOM = "\ufeff"


@dataclass(frozen=True)
class MunicipalityFigures:
    id: int
    name: str
    code: str
    population: int
    residents: int
    proposals: int
    supports: int
    responses: int
    consultations: int

    @property
    def residents_share(self) -> float | None:
        return self.residents / self.population if self.population else None

    @property
    def turnout(self) -> float | None:
        eligible = self.population * self.consultations
        return self.responses / eligible if eligible else None


@dataclass(frozen=True)
class Totals:
    """The grouping as a whole: sums, and shares of the summed denominators."""

    population: int
    residents: int
    proposals: int
    supports: int
    responses: int
    eligible: int

    @property
    def residents_share(self) -> float | None:
        return self.residents / self.population if self.population else None

    @property
    def turnout(self) -> float | None:
        return self.responses / self.eligible if self.eligible else None


# Column keys a request may sort by, with the value each sorts on.
SORT_KEYS = {
    "name": lambda row: (czech_key(row.name), row.id),
    "population": lambda row: row.population,
    "residents": lambda row: row.residents,
    "residents_share": lambda row: row.residents_share,
    "proposals": lambda row: row.proposals,
    "supports": lambda row: row.supports,
    "responses": lambda row: row.responses,
    "turnout": lambda row: row.turnout,
}
DEFAULT_SORT = "name"


def parse_sort(value: str | None) -> tuple[str, bool]:
    """("turnout", True) from "-turnout"; anything unknown gives the default order."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value[1:] if descending else value
    if key not in SORT_KEYS:
        return DEFAULT_SORT, False
    return key, descending


def sort_rows(rows: list[MunicipalityFigures], key: str, descending: bool) -> list[MunicipalityFigures]:
    """Sorted by one column; missing values (no population) always last, ties by name."""
    value_of = SORT_KEYS.get(key, SORT_KEYS[DEFAULT_SORT])
    by_name = sorted(rows, key=SORT_KEYS[DEFAULT_SORT])
    present = [row for row in by_name if value_of(row) is not None]
    missing = [row for row in by_name if value_of(row) is None]
    return sorted(present, key=value_of, reverse=descending) + missing


def _public_proposal():
    return and_(Proposal.status != ProposalStatus.DRAFT, Proposal.hidden_at.is_(None))


def _counts(column, statement, label: str):
    return statement.add_columns(func.count().label(label)).group_by(column).subquery(label)


def member_figures_statement(grouping_id: int, now: datetime | None = None):
    """One statement: every current member with its counts, from aggregate subqueries."""
    now = now or utcnow()
    members = (select(GroupingMembership.municipality_id)
               .where(GroupingMembership.grouping_id == grouping_id, GroupingMembership.left_on.is_(None)))
    residents = _counts(User.home_municipality_id, select(User.home_municipality_id.label("municipality_id"))
                        .where(User.home_municipality_id.in_(members), User.deleted_at.is_(None),
                               User.is_active_account.is_(True)), "residents")
    proposals = _counts(proposal_municipality.c.municipality_id,
                        select(proposal_municipality.c.municipality_id)
                        .join(Proposal, Proposal.id == proposal_municipality.c.proposal_id)
                        .where(proposal_municipality.c.municipality_id.in_(members), _public_proposal()),
                        "proposals")
    # Supports counted for the municipality on proposals touching it, as the threshold counts them
    # (read through the (proposal_id, municipality_id) index from the proposals' side).
    supports = _counts(Support.municipality_id, select(Support.municipality_id)
                       .join(proposal_municipality, and_(
                           proposal_municipality.c.proposal_id == Support.proposal_id,
                           proposal_municipality.c.municipality_id == Support.municipality_id))
                       .join(Proposal, Proposal.id == Support.proposal_id)
                       .where(proposal_municipality.c.municipality_id.in_(members), _public_proposal()),
                       "supports")
    opened = and_(Consultation.grouping_id == grouping_id, Consultation.status == ConsultationStatus.PUBLISHED,
                  Consultation.opens_at <= now)
    responses = _counts(Response.municipality_id, select(Response.municipality_id)
                        .join(Consultation, Consultation.id == Response.consultation_id)
                        .where(opened, Response.municipality_id.in_(members)), "responses")
    consultations = _counts(consultation_municipality.c.municipality_id,
                            select(consultation_municipality.c.municipality_id)
                            .join(Consultation, Consultation.id == consultation_municipality.c.consultation_id)
                            .where(opened, consultation_municipality.c.municipality_id.in_(members)),
                            "consultations")
    columns = [Municipality.id, Municipality.name, Municipality.code, Municipality.population]
    statement = select(*columns).where(Municipality.id.in_(members))
    for name, counts in (("residents", residents), ("proposals", proposals), ("supports", supports),
                         ("responses", responses), ("consultations", consultations)):
        statement = (statement.outerjoin(counts, counts.c.municipality_id == Municipality.id)
                     .add_columns(func.coalesce(getattr(counts.c, name), 0).label(name)))
    return statement.order_by(Municipality.name, Municipality.id)


def member_figures(grouping_id: int, now: datetime | None = None) -> list[MunicipalityFigures]:
    """Every current member municipality with its figures, by name."""
    return [MunicipalityFigures(*row) for row in db.session.execute(member_figures_statement(grouping_id, now))]


def totals(rows: list[MunicipalityFigures]) -> Totals:
    return Totals(
        population=sum(r.population for r in rows), residents=sum(r.residents for r in rows),
        proposals=sum(r.proposals for r in rows), supports=sum(r.supports for r in rows),
        responses=sum(r.responses for r in rows),
        eligible=sum(r.population * r.consultations for r in rows),
    )


def agreements_of(grouping_id: int) -> list[Agreement]:
    """Agreements the grouping is a party to, drafts left out, by title."""
    return list(db.session.scalars(
        select(Agreement).where(
            Agreement.status != AgreementStatus.DRAFT,
            Agreement.id.in_(select(agreement_grouping.c.agreement_id)
                             .where(agreement_grouping.c.grouping_id == grouping_id)),
        ).order_by(Agreement.title, Agreement.id)
    ))


def projects_of(grouping_id: int) -> list[Project]:
    """Projects touching a current member municipality, by title."""
    members = (select(GroupingMembership.municipality_id)
               .where(GroupingMembership.grouping_id == grouping_id, GroupingMembership.left_on.is_(None)))
    return list(db.session.scalars(
        select(Project).where(Project.id.in_(
            select(project_municipality.c.project_id).where(project_municipality.c.municipality_id.in_(members))
        )).order_by(Project.title, Project.id)
    ))


CSV_HEADER = (
    "municipality_code", "municipality", "population", "registered_residents", "residents_share",
    "proposals", "supports", "consultation_responses", "consultations", "turnout",
)


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def csv_text(rows: list[MunicipalityFigures], total: Totals) -> str:
    """The dashboard's table as CSV: UTF-8 with a byte order mark, shares as fractions."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow((row.code, row.name, row.population, row.residents, _share(row.residents_share),
                         row.proposals, row.supports, row.responses, row.consultations, _share(row.turnout)))
    writer.writerow(("", "total", total.population, total.residents, _share(total.residents_share),
                     total.proposals, total.supports, total.responses, "", _share(total.turnout)))
    return BOM + buffer.getvalue()
