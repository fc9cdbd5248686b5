"""What site search finds, kind by kind: which rows the visitor may see, how they match, in which order.

Each kind reuses its domain's own visibility rule, so search never shows what
the kind's list would not: no draft, hidden or withdrawn proposal, no draft
agreement, write-up or consultation outside the visitor's scope.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from participation.agreements import queries as agreement_queries
from participation.agreements.models import Agreement
from participation.chain.scoping import Scoping
from participation.common import search
from participation.consultations.models import Consultation, ConsultationStatus, consultation_municipality
from participation.good_practice import queries as good_practice_queries
from participation.good_practice.models import GoodPractice
from participation.localities.models import Locality
from participation.projects import queries as project_queries
from participation.projects.models import Project
from participation.proposals import queries as proposal_queries
from participation.proposals.models import Proposal, ProposalStatus
from participation.territory.models import Grouping, Municipality


@dataclass(frozen=True)
class Kind:
    """One kind of result: its name in addresses, its heading, and its matching rows for a visitor."""

    name: str
    label: object
    statement: Callable  # (user, words) -> Select of the visible matching rows, ordered


def _named_municipalities(word: tuple[str, ...]):
    return select(Municipality.id).where(search.name_matches(Municipality.search_name, word))


def _words_or_places(model, scoping: Scoping, words):
    """Every searched word is in the item's text or in the name of a municipality it is tied to."""
    return and_(*[or_(search.item_matches(model, word),
                      scoping.in_municipalities(_named_municipalities(word))) for word in words])


def _with_visibility(statement, condition):
    return statement if condition is None else statement.where(condition)


def _proposals(user, words):
    return (select(Proposal)
            .where(Proposal.status.not_in([ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN]),
                   Proposal.hidden_at.is_(None), proposal_queries.stems_condition(words))
            .options(selectinload(Proposal.municipalities))
            .order_by(Proposal.last_activity_at.desc(), Proposal.id.desc()))


def _agreements(user, words):
    statement = select(Agreement).where(_words_or_places(Agreement, agreement_queries.SCOPING, words))
    return (_with_visibility(statement, agreement_queries.visible_condition(user))
            .options(selectinload(Agreement.municipalities)).order_by(*agreement_queries.NEWEST_FIRST))


def _projects(user, words):
    return (select(Project).where(_words_or_places(Project, project_queries.SCOPING, words))
            .options(selectinload(Project.municipalities)).order_by(*project_queries.RECENTLY_CHANGED_FIRST))


def _good_practice(user, words):
    statement = select(GoodPractice).where(_words_or_places(GoodPractice, good_practice_queries.SCOPING, words))
    return (_with_visibility(statement, good_practice_queries.visible_condition(user))
            .options(selectinload(GoodPractice.municipalities))
            .order_by(GoodPractice.published_at.desc().nulls_first(), GoodPractice.id.desc()))


CONSULTATION_SCOPING = Scoping(Consultation, consultation_municipality)


def _consultations(user, words):
    return (select(Consultation)
            .where(Consultation.status == ConsultationStatus.PUBLISHED,
                   _words_or_places(Consultation, CONSULTATION_SCOPING, words))
            .options(selectinload(Consultation.municipalities))
            .order_by(Consultation.closes_at.desc(), Consultation.id.desc()))


def _names(column, words):
    return and_(*[search.name_matches(column, word) for word in words])


def _municipalities(user, words):
    return (select(Municipality).where(_names(Municipality.search_name, words))
            .order_by(Municipality.search_name, Municipality.code))


def _groupings(user, words):
    return select(Grouping).where(_names(Grouping.search_name, words)).order_by(Grouping.search_name)


def _localities(user, words):
    return (select(Locality).where(_names(Locality.search_name, words))
            .options(joinedload(Locality.municipality)).order_by(Locality.search_name, Locality.id))


KINDS = (
    Kind("proposals", _l("Proposals"), _proposals),
    Kind("municipalities", _l("Municipalities"), _municipalities),
    Kind("agreements", _l("Agreements"), _agreements),
    Kind("projects", _l("Projects"), _projects),
    Kind("consultations", _l("Consultations"), _consultations),
    Kind("good_practice", _l("Good practice"), _good_practice),
    Kind("groupings", _l("Groupings"), _groupings),
    Kind("localities", _l("Localities"), _localities),
)
BY_NAME = {kind.name: kind for kind in KINDS}
