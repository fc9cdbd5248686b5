"""Reading advisors: the directory, an advisor's page, queues, the coordinator's view, opinions on an item,
guides. Each list is one statement plus batch loads: a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import exists, func, literal, or_, select
from sqlalchemy.orm import joinedload, selectinload

from participation.advisors.models import (
    Advisor,
    AdvisorQuestion,
    Coordinator,
    Guide,
    OpinionRequest,
    RequestState,
    advisor_grouping,
    advisor_municipality,
    guide_good_practice,
)
from participation.common import page_cache
from participation.common.models import as_utc, utcnow
from participation.common.text import fold
from participation.extensions import db
from participation.permissions.scopes import scope_of
from participation.territory.models import Grouping, GroupingMembership, Municipality


def answer_days() -> int:
    return current_app.config["ADVISOR_ANSWER_DAYS"]


def directory_statement(municipality_id: int | None = None, grouping_id: int | None = None, field=None):
    """Active advisors by field and name; filtered to those serving a municipality or grouping, or of a field."""
    from participation.accounts.models import User

    statement = (select(Advisor).join(Advisor.user).where(Advisor.active.is_(True))
                 .options(selectinload(Advisor.municipalities), selectinload(Advisor.groupings),
                          joinedload(Advisor.user)).order_by(Advisor.field, User.display_name, Advisor.id))
    if field is not None:
        statement = statement.where(Advisor.field == field)
    if municipality_id is not None:
        member_of = select(GroupingMembership.grouping_id).where(
            GroupingMembership.municipality_id == municipality_id, GroupingMembership.left_on.is_(None))
        statement = statement.where(or_(
            exists().where(advisor_municipality.c.advisor_id == Advisor.id,
                           advisor_municipality.c.municipality_id == municipality_id),
            exists().where(advisor_grouping.c.advisor_id == Advisor.id,
                           advisor_grouping.c.grouping_id.in_(member_of))))
    if grouping_id is not None:
        statement = statement.where(exists().where(advisor_grouping.c.advisor_id == Advisor.id,
                                                   advisor_grouping.c.grouping_id == grouping_id))
    return statement


def average_answer_days(advisor_ids) -> dict[int, float]:
    """Each advisor's average days from a question to its answer (answered questions only)."""
    ids = sorted(set(advisor_ids))
    if not ids:
        return {}
    totals: dict[int, list[float]] = defaultdict(list)
    for advisor_id, asked, answered in db.session.execute(select(
            AdvisorQuestion.advisor_id, AdvisorQuestion.asked_at, AdvisorQuestion.answered_at).where(
            AdvisorQuestion.advisor_id.in_(ids), AdvisorQuestion.answered_at.is_not(None))):
        totals[advisor_id].append((as_utc(answered) - as_utc(asked)).total_seconds() / 86400)
    return {advisor_id: round(sum(days) / len(days), 1) for advisor_id, days in totals.items()}


def load_advisor(advisor_id: int) -> Advisor | None:
    return db.session.scalar(select(Advisor).where(Advisor.id == advisor_id).options(
        selectinload(Advisor.municipalities), selectinload(Advisor.groupings), joinedload(Advisor.user)))


def _question_options():
    return (joinedload(AdvisorQuestion.advisor).joinedload(Advisor.user), joinedload(AdvisorQuestion.municipality),
            joinedload(AdvisorQuestion.grouping), joinedload(AdvisorQuestion.asker),
            joinedload(AdvisorQuestion.proposal), joinedload(AdvisorQuestion.agreement),
            joinedload(AdvisorQuestion.project), joinedload(AdvisorQuestion.locality),
            joinedload(AdvisorQuestion.good_practice))


def load_question(question_id: int) -> AdvisorQuestion | None:
    return db.session.scalar(select(AdvisorQuestion).where(AdvisorQuestion.id == question_id)
                             .options(*_question_options()))


def public_answers_statement(advisor_id: int):
    """An advisor's public answers, newest first."""
    return (select(AdvisorQuestion).where(AdvisorQuestion.advisor_id == advisor_id,
                                          AdvisorQuestion.answered_at.is_not(None),
                                          AdvisorQuestion.internal.is_(False))
            .options(*_question_options()).order_by(AdvisorQuestion.answered_at.desc(), AdvisorQuestion.id.desc()))


@dataclass
class Waiting:
    question: AdvisorQuestion
    age_days: int
    overdue: bool


def _waiting(questions, now: datetime | None = None) -> list[Waiting]:
    now = now or utcnow()
    days = answer_days()
    result = []
    for question in questions:
        age = max(0, (now - as_utc(question.asked_at)).days)
        result.append(Waiting(question, age, age >= days))
    return result


def queue(advisor: Advisor, now: datetime | None = None, limit: int = 200) -> list[Waiting]:
    """The advisor's open questions, the oldest first, with their age."""
    return _waiting(db.session.scalars(select(AdvisorQuestion).where(
        AdvisorQuestion.advisor_id == advisor.id, AdvisorQuestion.answered_at.is_(None))
        .options(*_question_options()).order_by(AdvisorQuestion.asked_at, AdvisorQuestion.id).limit(limit)), now)


def _coordinated_condition(user):
    """Questions of the fields and regions the user coordinates (everything for an administrator)."""
    from participation.permissions.advisors import advisor_scope

    if scope_of(user).everywhere:
        return None
    conditions = []
    for field_value, region_id in advisor_scope(user).coordinated:
        if region_id is None:
            conditions.append(AdvisorQuestion.field == field_value)
        else:
            in_region = select(Municipality.id).where(Municipality.region_id == region_id)
            groupings = select(Grouping.id).where(Grouping.region_id == region_id)
            conditions.append((AdvisorQuestion.field == field_value) & or_(
                AdvisorQuestion.municipality_id.in_(in_region), AdvisorQuestion.grouping_id.in_(groupings)))
    return or_(*conditions) if conditions else AdvisorQuestion.id.is_(None)


def longest_waiting(user, now: datetime | None = None, unassigned: bool = False, limit: int = 50) -> list[Waiting]:
    """Open questions the coordinator covers, the longest waiting first (or only those nobody is assigned)."""
    statement = select(AdvisorQuestion).where(AdvisorQuestion.answered_at.is_(None))
    condition = _coordinated_condition(user)
    if condition is not None:
        statement = statement.where(condition)
    if unassigned:
        statement = statement.where(AdvisorQuestion.advisor_id.is_(None))
    return _waiting(db.session.scalars(statement.options(*_question_options())
                                       .order_by(AdvisorQuestion.asked_at, AdvisorQuestion.id).limit(limit)), now)


@dataclass
class Workload:
    advisor: Advisor
    open: int
    answered: int
    average_days: float | None


def workloads(user) -> list[Workload]:
    """Every advisor of the fields the user coordinates, with open and answered questions."""
    from participation.permissions.advisors import advisor_scope

    statement = directory_statement()
    if not scope_of(user).everywhere:
        fields = sorted({field_value for field_value, _region in advisor_scope(user).coordinated})
        statement = statement.where(Advisor.field.in_(fields))
    advisors = list(db.session.scalars(statement))
    ids = [a.id for a in advisors]
    counts = defaultdict(lambda: [0, 0])
    if ids:
        for advisor_id, answered, number in db.session.execute(
                select(AdvisorQuestion.advisor_id, AdvisorQuestion.answered_at.is_not(None), func.count())
                .where(AdvisorQuestion.advisor_id.in_(ids))
                .group_by(AdvisorQuestion.advisor_id, AdvisorQuestion.answered_at.is_not(None))):
            counts[advisor_id][1 if answered else 0] += number
    averages = average_answer_days(ids)
    return sorted((Workload(a, counts[a.id][0], counts[a.id][1], averages.get(a.id)) for a in advisors),
                  key=lambda w: (-w.open, w.advisor.name))


def opinions_of(kind: str, item_id: int) -> list[AdvisorQuestion]:
    """Answered questions about an item (public and internal: the template shows each to whom it may).

    Most items have none: whether one has any is kept until a question is
    written, so their pages ask nothing.
    """
    column = getattr(AdvisorQuestion, f"{kind}_id")
    answered = exists().where(column == item_id, AdvisorQuestion.answered_at.is_not(None))
    if not page_cache.remember("advisor-opinions-exist", f"{kind}:{item_id}",
                               lambda: bool(db.session.scalar(select(answered)))):
        return []
    return list(db.session.scalars(select(AdvisorQuestion).where(column == item_id,
                                                                 AdvisorQuestion.answered_at.is_not(None))
                                   .options(joinedload(AdvisorQuestion.advisor).joinedload(Advisor.user))
                                   .order_by(AdvisorQuestion.answered_at, AdvisorQuestion.id)))


def serving_advisors(municipality_ids, grouping_id=None) -> list[Advisor]:
    """Active advisors serving any of the municipalities (named or through a grouping) or the grouping."""
    ids = sorted(set(municipality_ids))
    member_of = select(GroupingMembership.grouping_id).where(
        GroupingMembership.municipality_id.in_(ids), GroupingMembership.left_on.is_(None))
    conditions = [exists().where(advisor_municipality.c.advisor_id == Advisor.id,
                                 advisor_municipality.c.municipality_id.in_(ids)),
                  exists().where(advisor_grouping.c.advisor_id == Advisor.id,
                                 advisor_grouping.c.grouping_id.in_(member_of))]
    if grouping_id:
        conditions.append(exists().where(advisor_grouping.c.advisor_id == Advisor.id,
                                         advisor_grouping.c.grouping_id == grouping_id))
    from participation.accounts.models import User

    return list(db.session.scalars(select(Advisor).join(Advisor.user).where(Advisor.active.is_(True), or_(*conditions))
                                   .options(joinedload(Advisor.user)).order_by(Advisor.field, User.display_name)))


def all_advisors() -> list[Advisor]:
    return list(db.session.scalars(directory_statement()))


def coordinators() -> list[Coordinator]:
    return list(db.session.scalars(select(Coordinator).options(joinedload(Coordinator.user),
                                                               joinedload(Coordinator.region))
                                   .order_by(Coordinator.field, Coordinator.id)))


def pending_requests(user, limit: int = 200) -> list[OpinionRequest]:
    """Residents' requests waiting for a decision in the municipalities whose office the user works for."""
    from participation.proposals.models import Proposal, proposal_municipality

    scope = scope_of(user)
    statement = (select(OpinionRequest).where(OpinionRequest.state == RequestState.PENDING)
                 .options(joinedload(OpinionRequest.proposal).selectinload(Proposal.municipalities),
                          joinedload(OpinionRequest.advisor).joinedload(Advisor.user),
                          joinedload(OpinionRequest.requester))
                 .order_by(OpinionRequest.created_at, OpinionRequest.id).limit(limit))
    if not scope.everywhere:
        ids = set(scope.moderated_municipality_ids) | (scope.municipality_ids if scope.administrator else set())
        statement = statement.where(OpinionRequest.proposal_id.in_(select(proposal_municipality.c.proposal_id).where(
            proposal_municipality.c.municipality_id.in_(sorted(ids)))))
    return list(db.session.scalars(statement))


def requests_of(user, proposal_id: int) -> list[OpinionRequest]:
    """The user's own requests about a proposal."""
    return list(db.session.scalars(select(OpinionRequest).where(
        OpinionRequest.proposal_id == proposal_id, OpinionRequest.requester_id == user.id)
        .options(joinedload(OpinionRequest.advisor).joinedload(Advisor.user)).order_by(OpinionRequest.id)))


def load_request(request_id: int) -> OpinionRequest | None:
    from participation.proposals.models import Proposal

    return db.session.scalar(select(OpinionRequest).where(OpinionRequest.id == request_id).options(
        joinedload(OpinionRequest.proposal).selectinload(Proposal.municipalities),
        joinedload(OpinionRequest.advisor).joinedload(Advisor.user)))


# ----- guides -----

def guides_statement(query: str = "", field=None):
    """Guides by field and title; `query` searches the folded title and text."""
    statement = select(Guide).order_by(Guide.field, Guide.title, Guide.id)
    if field is not None:
        statement = statement.where(Guide.field == field)
    words = fold(query).split()
    for word in words[:8]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(Guide.search_text.like(f"%{escaped}%", escape="\\"))
    return statement


def load_guide(guide_id: int) -> Guide | None:
    return db.session.scalar(select(Guide).where(Guide.id == guide_id).options(
        selectinload(Guide.good_practices), joinedload(Guide.author)))


def guides_for_project(project) -> list[Guide]:
    """Guides written for the project's kind (a guide names the kinds it applies to), by field and title."""
    kinds = literal(",") + Guide.project_kinds + literal(",")
    return list(db.session.scalars(select(Guide).where(kinds.contains(f",{project.kind.value},", autoescape=True))
                                   .order_by(Guide.field, Guide.title)))


def guides_for_practice(practice) -> list[Guide]:
    """Guides that name the write-up as applying to it."""
    linked = select(guide_good_practice.c.advisor_guide_id).where(
        guide_good_practice.c.good_practice_id == practice.id)
    return list(db.session.scalars(select(Guide).where(Guide.id.in_(linked)).order_by(Guide.field, Guide.title)))
