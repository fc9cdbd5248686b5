"""Permission rules for shared advisors: pure functions of (user, thing).

Administrators make people advisors and coordinators. A municipality's
moderators and a grouping's representatives ask advisors questions for their
place; the advisor answers only questions about places they serve. A field's
coordinator (for a region, or everywhere) assigns questions of the field and
sees workloads. An internal question and its answer are seen only by the
asker, the advisor, the field's coordinators and the staff of the place.
Residents ask for an advisor's opinion on a proposal; the proposal's
municipal staff pass the request on or decline it.
"""

from dataclasses import dataclass, field

from flask import g, has_request_context
from sqlalchemy import func, select

from participation.advisors.models import Advisor, AdvisorQuestion, Coordinator, RequestState
from participation.extensions import db
from participation.territory.models import GroupingMembership, Municipality

from .items import authenticated, covers_proposal
from .scopes import covers_grouping, covers_municipality, is_office_of, scope_of


@dataclass(frozen=True)
class AdvisorScope:
    advisor: Advisor | None = None
    # Municipalities the advisor serves (named, or members of the groupings named) and groupings named.
    served_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    served_grouping_ids: frozenset[int] = field(default_factory=frozenset)
    # (field, region id or None for everywhere) pairs the user coordinates.
    coordinated: frozenset[tuple[str, int | None]] = field(default_factory=frozenset)


EMPTY = AdvisorScope()


def _compute(user) -> AdvisorScope:
    # One query for everybody (is the user an advisor, a coordinator?); more only for those who are.
    advisor_id = select(Advisor.id).where(Advisor.user_id == user.id, Advisor.active.is_(True)).scalar_subquery()
    coordinating = select(func.count(Coordinator.id)).where(Coordinator.user_id == user.id).scalar_subquery()
    advisor_id, coordinating = db.session.execute(select(advisor_id, coordinating)).one()
    coordinated = frozenset((str(row.field), row.region_id) for row in db.session.execute(
        select(Coordinator.field, Coordinator.region_id).where(Coordinator.user_id == user.id))) \
        if coordinating else frozenset()
    if advisor_id is None:
        return AdvisorScope(coordinated=coordinated) if coordinated else EMPTY
    from participation.advisors.models import advisor_grouping, advisor_municipality

    advisor = db.session.get(Advisor, advisor_id)
    named = set(db.session.scalars(select(advisor_municipality.c.municipality_id).where(
        advisor_municipality.c.advisor_id == advisor.id)))
    groupings = set(db.session.scalars(select(advisor_grouping.c.grouping_id).where(
        advisor_grouping.c.advisor_id == advisor.id)))
    if groupings:
        named |= set(db.session.scalars(select(GroupingMembership.municipality_id).where(
            GroupingMembership.grouping_id.in_(groupings), GroupingMembership.left_on.is_(None))))
    return AdvisorScope(advisor, frozenset(named), frozenset(groupings), coordinated)


def advisor_scope(user) -> AdvisorScope:
    """The user's advisor profile, the places it serves and the fields they coordinate, once per request."""
    if not authenticated(user) or getattr(user, "is_deleted", False):
        return EMPTY
    if not has_request_context():
        return _compute(user)
    cache = g.setdefault("_spolu_advisor_scopes", {})
    if user.id not in cache:
        cache[user.id] = _compute(user)
    return cache[user.id]


def forget_advisor_scope(user) -> None:
    if has_request_context():
        g.setdefault("_spolu_advisor_scopes", {}).pop(getattr(user, "id", None), None)


def advisor_of(user) -> Advisor | None:
    return advisor_scope(user).advisor


def is_coordinator(user) -> bool:
    return bool(advisor_scope(user).coordinated)


def can_manage_advisors(user) -> bool:
    """Administrators make people advisors and coordinators."""
    return scope_of(user).administrator


def serves(advisor: Advisor | None, municipality_id: int | None, grouping_id: int | None,
           scope: AdvisorScope | None = None) -> bool:
    """The advisor serves the municipality (named, or in a grouping named) or the grouping."""
    if advisor is None or not advisor.active:
        return False
    if scope is not None and scope.advisor is not None and scope.advisor.id == advisor.id:
        municipalities, groupings = scope.served_municipality_ids, scope.served_grouping_ids
    else:
        groupings = {g.id for g in advisor.groupings}
        municipalities = {m.id for m in advisor.municipalities}
        if groupings and municipality_id is not None and municipality_id not in municipalities:
            municipalities |= set(db.session.scalars(select(GroupingMembership.municipality_id).where(
                GroupingMembership.grouping_id.in_(groupings), GroupingMembership.left_on.is_(None))))
    return (municipality_id is not None and municipality_id in municipalities) or (
        grouping_id is not None and grouping_id in groupings)


def may_ask_for(user, municipality_id: int | None = None, grouping_id: int | None = None) -> bool:
    """A municipality's office (moderator, administrator covering it) or a grouping's representative."""
    if municipality_id is not None and is_office_of(user, municipality_id):
        return True
    if grouping_id is not None:
        scope = scope_of(user)
        return scope.everywhere or grouping_id in scope.represented_grouping_ids or (
            scope.administrator and grouping_id in scope.grouping_ids)
    return False


def can_ask(user) -> bool:
    """Anyone who is a municipality's office or a grouping's representative may open the form."""
    scope = scope_of(user)
    return authenticated(user) and (scope.everywhere or scope.administrator
                                    or bool(scope.moderated_municipality_ids or scope.represented_grouping_ids))


def _region_of(question: AdvisorQuestion) -> int | None:
    if question.municipality is not None:
        return question.municipality.region_id
    if question.grouping is not None:
        return question.grouping.region_id
    return None


def coordinates(user, field_value, region_id: int | None) -> bool:
    """The user coordinates the field in the region (or everywhere)."""
    pairs = advisor_scope(user).coordinated
    return (str(field_value), None) in pairs or (region_id is not None and (str(field_value), region_id) in pairs)


def coordinates_question(user, question: AdvisorQuestion) -> bool:
    return question is not None and coordinates(user, question.field, _region_of(question))


def is_place_staff(user, question: AdvisorQuestion) -> bool:
    """Staff of the question's municipality or grouping."""
    return (question.municipality_id is not None and covers_municipality(user, question.municipality_id)) or (
        question.grouping_id is not None and covers_grouping(user, question.grouping_id))


def is_questions_advisor(user, question: AdvisorQuestion) -> bool:
    advisor = advisor_of(user)
    return advisor is not None and question.advisor_id == advisor.id


def can_view_question(user, question: AdvisorQuestion) -> bool:
    """A public answered question: everyone. Otherwise the asker, the advisor, coordinators, the place's staff."""
    if question is None:
        return False
    if question.is_answered and not question.internal:
        return True
    if not authenticated(user):
        return False
    return (question.asker_id == user.id or is_questions_advisor(user, question)
            or coordinates_question(user, question) or is_place_staff(user, question))


def can_read_internal(user, question: AdvisorQuestion) -> bool:
    """An internal answer: the asker, the advisor, coordinators and the place's staff only."""
    return authenticated(user) and (
        question.asker_id == user.id or is_questions_advisor(user, question)
        or coordinates_question(user, question) or is_place_staff(user, question))


def can_answer(user, question: AdvisorQuestion) -> bool:
    """The question's advisor answers an open question about a place they serve."""
    if question is None or question.is_answered or not is_questions_advisor(user, question):
        return False
    scope = advisor_scope(user)
    return serves(scope.advisor, question.municipality_id, question.grouping_id, scope)


def can_assign(user, question: AdvisorQuestion) -> bool:
    """The field's coordinator (for the question's region) or an administrator assigns an open question."""
    return question is not None and not question.is_answered and (
        coordinates_question(user, question) or can_manage_advisors(user))


def can_view_queue(user, advisor: Advisor) -> bool:
    """An advisor's queue: the advisor, the field's coordinators, administrators."""
    if advisor is None or not authenticated(user):
        return False
    own = advisor_of(user)
    return (own is not None and own.id == advisor.id) or can_manage_advisors(user) or any(
        field_value == str(advisor.field) for field_value, _region in advisor_scope(user).coordinated)


def can_coordinate(user) -> bool:
    return is_coordinator(user) or can_manage_advisors(user)


def can_log_work(user) -> bool:
    return advisor_of(user) is not None


def can_view_report(user) -> bool:
    """The yearly report: advisors, coordinators and staff (administrators, moderators, representatives)."""
    return authenticated(user) and (advisor_of(user) is not None or is_coordinator(user)
                                    or not scope_of(user).is_empty)


def can_write_guide(user, field_value=None) -> bool:
    """Advisors write guides of their field, coordinators of theirs, administrators of any."""
    if can_manage_advisors(user):
        return True
    advisor = advisor_of(user)
    fields = {value for value, _region in advisor_scope(user).coordinated}
    if advisor is not None:
        fields.add(str(advisor.field))
    return bool(fields) if field_value is None else str(field_value) in fields


def can_request_opinion(user, proposal) -> bool:
    """A confirmed resident asks for an advisor's opinion on a public proposal."""
    from participation.proposals.models import ProposalStatus

    return (authenticated(user) and not getattr(user, "is_deleted", False) and getattr(user, "is_confirmed", False)
            and proposal is not None and proposal.hidden_at is None
            and proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN))


def can_decide_request(user, request) -> bool:
    """The municipal staff of one of the proposal's municipalities pass a pending request on or decline it."""
    if request is None or request.state != RequestState.PENDING:
        return False
    return any(is_office_of(user, m.id) for m in request.proposal.municipalities)


def can_view_requests(user) -> bool:
    scope = scope_of(user)
    return authenticated(user) and (scope.everywhere or scope.administrator or bool(scope.moderated_municipality_ids))


def can_ask_about_proposal(user, proposal) -> bool:
    return covers_proposal(user, proposal)


def region_of_municipality(municipality_id: int) -> int | None:
    return db.session.scalar(select(Municipality.region_id).where(Municipality.id == municipality_id))
