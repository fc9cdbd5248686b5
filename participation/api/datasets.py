"""Each public list as a dataset: its query (from checked filter values) and the JSON shape of a batch of rows.

Read by the API's list views (one page at a time) and by the open data
exports (every row, batch by batch): both answer with the same rows in the
same shape. A batch of rows is shaped in a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import and_, false, select, true
from sqlalchemy.orm import joinedload

from participation.agreements import queries as agreement_queries
from participation.agreements.models import AgreementKind, AgreementStatus
from participation.api import figures, items
from participation.chain.filters import read_filters
from participation.common.models import utcnow
from participation.consultations import queries as consultation_queries
from participation.extensions import db
from participation.good_practice import queries as good_practice_queries
from participation.localities import queries as locality_queries
from participation.localities.models import Locality
from participation.permissions import api as rules
from participation.projects import queries as project_queries
from participation.projects.models import ProjectKind, ProjectStatus
from participation.proposals import queries as proposal_queries
from participation.proposals.models import Category, Proposal, ProposalStatus
from participation.territory import services as territory
from participation.territory.models import Region


@dataclass(frozen=True)
class Dataset:
    """A public list: `statement(values)` selects its rows in order, `shape(rows)` turns a batch into JSON items."""

    name: str
    statement: Callable
    shape: Callable


def _proposal_statement(values: dict):
    filters = proposal_queries.ListFilters.from_args(values)
    # Each row names its grouping and the proposal it was merged into: loaded with the page, not row by row.
    return (proposal_queries.list_statement(filters).where(Proposal.status != ProposalStatus.WITHDRAWN)
            .options(joinedload(Proposal.grouping), joinedload(Proposal.merged_into)))


def _proposals(rows) -> list[dict]:
    proposals = [row[0] for row in rows]
    counts, names = proposal_queries.supporters_by_municipality([p.id for p in proposals])
    return [items.proposal(p, counts.get(p.id, {}), names) for p in proposals]


def _agreement_statement(values: dict):
    filters = read_filters(values, kind=AgreementKind, status=AgreementStatus)
    return agreement_queries.list_statement(rules.VISITOR, filters)


def _project_statement(values: dict):
    return project_queries.list_statement(read_filters(values, kind=ProjectKind, status=ProjectStatus))


def _good_practice_statement(values: dict):
    return good_practice_queries.list_statement(rules.VISITOR, read_filters(values, category=Category))


def _consultation_statement(values: dict):
    grouping_id, municipality_id = values.get("grouping"), values.get("municipality")
    return consultation_queries.filtered_list(values.get("state", "all"), int(grouping_id or 0) or None,
                                              int(municipality_id or 0) or None, utcnow())


def _consultations(rows) -> list[dict]:
    now = utcnow()
    found = [row[0] for row in rows]
    counts = consultation_queries.response_counts([c.id for c in found])
    return [figures.consultation(c, counts.get(c.id, 0), now) for c in found]


def _locality_condition(values: dict):
    conditions = []
    if "municipality" in values:
        conditions.append(locality_queries.SCOPING.in_municipality(int(values["municipality"])))
    if "grouping" in values:
        conditions.append(locality_queries.in_grouping(int(values["grouping"])))
    if "region" in values:
        region_id = db.session.scalar(select(Region.id).where(Region.code == values["region"]))
        conditions.append(locality_queries.in_region(region_id) if region_id else false())
    if "status" in values:
        conditions.append(Locality.status == values["status"])
    return and_(true(), *conditions)


def _localities(rows) -> list[dict]:
    minimum = current_app.config["CONNECTIVITY_MIN_REPORTS"]
    return [figures.locality(row[0], minimum) for row in rows]


DATASETS: dict[str, Dataset] = {dataset.name: dataset for dataset in (
    Dataset("municipalities", lambda v: territory.search_municipalities(v.get("q")),
            lambda rows: [items.municipality(row[0]) for row in rows]),
    Dataset("groupings", lambda v: territory.search_groupings(v.get("q")),
            lambda rows: [items.grouping(row[0], row[1]) for row in rows]),
    Dataset("proposals", _proposal_statement, _proposals),
    Dataset("agreements", _agreement_statement, lambda rows: [items.agreement(row[0]) for row in rows]),
    Dataset("projects", _project_statement, lambda rows: [items.project(row[0]) for row in rows]),
    Dataset("good_practice", _good_practice_statement, lambda rows: [items.good_practice(row[0]) for row in rows]),
    Dataset("consultations", _consultation_statement, _consultations),
    Dataset("localities", lambda v: locality_queries.overview_statement(_locality_condition(v)), _localities),
)}
