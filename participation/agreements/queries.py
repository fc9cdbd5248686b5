"""Reading agreements: lists, pages, and the sections other pages include."""

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from participation.agreements.models import (
    Agreement,
    AgreementProposal,
    AgreementStatus,
    agreement_grouping,
    agreement_municipality,
)
from participation.chain import changes
from participation.chain.filters import ListFilters, apply_filters
from participation.chain.scoping import Scoping
from participation.common.text import fold
from participation.extensions import db
from participation.permissions.scopes import scope_of

SCOPING = Scoping(Agreement, agreement_municipality, agreement_grouping)
PUBLIC = Agreement.status != AgreementStatus.DRAFT
NEWEST_FIRST = (Agreement.created_at.desc(), Agreement.id.desc())


def visible_condition(user):
    """SQL condition: not a draft, or a draft with a party within the user's scope."""
    in_scope = SCOPING.within(scope_of(user))
    return None if in_scope is None else or_(PUBLIC, in_scope)


def list_statement(user, filters: ListFilters):
    """Agreements the user may see, filtered, newest first."""
    statement = select(Agreement)
    visible = visible_condition(user)
    if visible is not None:
        statement = statement.where(visible)
    statement = apply_filters(statement, SCOPING, filters, Agreement.search_title)
    return statement.options(
        selectinload(Agreement.municipalities), selectinload(Agreement.groupings)
    ).order_by(*NEWEST_FIRST)


def search_for_tying(user, q: str, limit: int = 10) -> list[Agreement]:
    """Agreements (not drafts) whose title contains the folded query, for the tie form."""
    statement = select(Agreement).where(PUBLIC)
    if q and q.strip():
        statement = statement.where(Agreement.search_title.contains(fold(q), autoescape=True))
    statement = statement.options(selectinload(Agreement.municipalities), selectinload(Agreement.groupings))
    return list(db.session.scalars(statement.order_by(Agreement.title).limit(limit)))


def load_agreement(agreement_id: int) -> Agreement | None:
    """An agreement with everything its page shows, in a fixed number of queries."""
    return db.session.scalars(
        select(Agreement).where(Agreement.id == agreement_id).options(
            selectinload(Agreement.municipalities),
            selectinload(Agreement.groupings),
            selectinload(Agreement.operators),
            selectinload(Agreement.documents),
            selectinload(Agreement.proposal_links).selectinload(AgreementProposal.proposal),
        )
    ).first()


def history(agreement: Agreement) -> list:
    """The agreement's dated changes, oldest first."""
    return changes.history("agreement", agreement.id)


def links_of_proposal(proposal_id: int) -> list[AgreementProposal]:
    """The agreements a proposal is tied to (not drafts), for the proposal's page."""
    return list(db.session.scalars(
        select(AgreementProposal).join(Agreement)
        .where(AgreementProposal.proposal_id == proposal_id, PUBLIC)
        .options(selectinload(AgreementProposal.agreement))
        .order_by(AgreementProposal.created_at)
    ))


def of_municipality(municipality_id: int) -> list[Agreement]:
    """Public agreements a municipality is a party to, for its page."""
    return SCOPING.section(PUBLIC, NEWEST_FIRST[:1], municipality_id=municipality_id)


def of_grouping(grouping_id: int) -> list[Agreement]:
    """Public agreements of a grouping (as a party), for its page."""
    return SCOPING.section(PUBLIC, NEWEST_FIRST[:1], grouping_id=grouping_id)
