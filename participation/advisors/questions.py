"""Questions to advisors and residents' requests for an opinion: asking, assigning, answering, passing on.

Each change is one transaction with an audit entry; the people it concerns
hear of it through events: the advisor (or the field's coordinators) when a
question is asked, the asker when it is answered, the followers of the item
when a public opinion is published, the coordinators when a question waits
longer than ADVISOR_ANSWER_DAYS (`flask advisors remind`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from participation.advisors.models import (
    ITEM_KINDS,
    Advisor,
    AdvisorField,
    AdvisorQuestion,
    Coordinator,
    OpinionRequest,
    RequestState,
)
from participation.audit import services as audit
from participation.common.models import utcnow
from participation.events.services import record_event
from participation.extensions import db
from participation.localities.services import Invalid
from participation.permissions import advisors as rules
from participation.territory.models import Grouping, Municipality

# Items whose followers hear of a published opinion (the followable kinds).
FOLLOWED_KINDS = ("proposal", "agreement", "project")


@dataclass
class QuestionData:
    title: str
    body: str
    field: AdvisorField | None = None
    advisor: Advisor | None = None
    municipality_id: int | None = None
    grouping_id: int | None = None
    item_kind: str | None = None
    item_id: int | None = None
    internal: bool = False


def _check_place(actor, data: QuestionData) -> None:
    if data.municipality_id is None and data.grouping_id is None:
        raise Invalid({"place": _l("Choose the municipality or grouping you ask for.")})
    if not rules.may_ask_for(actor, data.municipality_id, data.grouping_id):
        raise Invalid({"place": _l("You may ask only for a municipality whose office you work for "
                                   "or a grouping you represent.")})
    if data.advisor is not None and not rules.serves(data.advisor, data.municipality_id, data.grouping_id):
        raise Invalid({"advisor": _l("This advisor does not serve the municipality or grouping you ask for: "
                                     "choose another advisor, or ask the field and its coordinator assigns it.")})
    if data.advisor is None and data.field is None:
        raise Invalid({"advisor": _l("Choose an advisor or a field.")})


def ask(actor, data: QuestionData, now: datetime | None = None) -> AdvisorQuestion:
    """A municipality's office or a grouping's representative asks an advisor (or a field) a question."""
    _check_place(actor, data)
    if data.item_kind is not None and data.item_kind not in ITEM_KINDS:
        raise Invalid({"form": _l("A question can be about a proposal, agreement, project, locality or good "
                                  "practice.")})
    now = now or utcnow()
    question = AdvisorQuestion(
        field=data.advisor.field if data.advisor is not None else data.field,
        advisor_id=data.advisor.id if data.advisor is not None else None,
        asker_id=actor.id, municipality_id=data.municipality_id, grouping_id=data.grouping_id,
        title=data.title.strip(), body=(data.body or "").strip(), internal=bool(data.internal),
        asked_at=now, assigned_at=now if data.advisor is not None else None)
    if data.item_kind is not None:
        setattr(question, f"{data.item_kind}_id", data.item_id)
    db.session.add(question)
    db.session.flush()
    audit.record(actor, "advisor_question.ask", "advisor_question", question.id, municipality_id=data.municipality_id,
                 details={"advisor": question.advisor_id, "field": str(question.field), "internal": question.internal,
                          "item": [data.item_kind, data.item_id] if data.item_kind else None})
    _tell_whom_it_waits_for(actor, question)
    db.session.commit()
    return question


def coordinators_of(question: AdvisorQuestion) -> list[int]:
    """User ids of the coordinators of the question's field in its region or everywhere."""
    region_id = None
    if question.municipality_id is not None:
        region_id = db.session.scalar(select(Municipality.region_id).where(Municipality.id == question.municipality_id))
    elif question.grouping_id is not None:
        region_id = db.session.scalar(select(Grouping.region_id).where(Grouping.id == question.grouping_id))
    regions = [Coordinator.region_id.is_(None)]
    if region_id is not None:
        regions.append(Coordinator.region_id == region_id)
    return sorted(set(db.session.scalars(select(Coordinator.user_id).where(
        Coordinator.field == question.field, or_(*regions)))))


def _tell_whom_it_waits_for(actor, question: AdvisorQuestion) -> None:
    if question.advisor_id is not None:
        user_id = db.session.scalar(select(Advisor.user_id).where(Advisor.id == question.advisor_id))
        record_event("advisor_question.asked", "advisor_question", question.id, actor=actor, user_ids=[user_id])
    else:
        record_event("advisor_question.asked", "advisor_question", question.id, actor=actor,
                     user_ids=coordinators_of(question))


def assign(actor, question: AdvisorQuestion, advisor: Advisor, now: datetime | None = None) -> None:
    """The coordinator gives an open question to an advisor of its field who serves its place."""
    if question.is_answered:
        raise Invalid({"form": _l("This question is already answered.")})
    if advisor is None or advisor.field != question.field or not rules.serves(
            advisor, question.municipality_id, question.grouping_id):
        raise Invalid({"advisor": _l("Choose an advisor of the question's field who serves its municipality "
                                     "or grouping.")})
    previous = question.advisor_id
    question.advisor_id = advisor.id
    question.assigned_at = now or utcnow()
    audit.record(actor, "advisor_question.assign", "advisor_question", question.id,
                 municipality_id=question.municipality_id, details={"from": previous, "to": advisor.id})
    _tell_whom_it_waits_for(actor, question)
    db.session.commit()


def answer(actor, question: AdvisorQuestion, text: str, now: datetime | None = None) -> None:
    """The advisor answers; a public answer becomes an expert opinion on the item."""
    if not rules.can_answer(actor, question):
        raise Invalid({"answer": _l("You may answer only open questions assigned to you about municipalities "
                                    "and groupings you serve.")})
    text = (text or "").strip()
    if not text:
        raise Invalid({"answer": _l("Write the answer.")})
    question.answer = text
    question.answered_at = now or utcnow()
    question.answered_by_id = actor.id
    audit.record(actor, "advisor_question.answer", "advisor_question", question.id,
                 municipality_id=question.municipality_id, details={"internal": question.internal})
    record_event("advisor_question.answered", "advisor_question", question.id, actor=actor,
                 user_ids=[question.asker_id] if question.asker_id else [])
    kind = question.item_kind
    if not question.internal and kind is not None:
        record_event("advisor_opinion.published", kind, getattr(question, f"{kind}_id"), actor=actor,
                     question_id=question.id, field=str(question.field))
    db.session.commit()


def remind_waiting(now: datetime | None = None) -> int:
    """Tell the coordinators about open questions waiting longer than ADVISOR_ANSWER_DAYS (once each)."""
    now = now or utcnow()
    limit = now - timedelta(days=current_app.config["ADVISOR_ANSWER_DAYS"])
    waiting = list(db.session.scalars(select(AdvisorQuestion).where(
        AdvisorQuestion.answered_at.is_(None), AdvisorQuestion.reminded_at.is_(None),
        AdvisorQuestion.asked_at <= limit).order_by(AdvisorQuestion.asked_at, AdvisorQuestion.id)))
    for question in waiting:
        question.reminded_at = now
        record_event("advisor_question.waiting", "advisor_question", question.id,
                     user_ids=coordinators_of(question), days=(now - question.asked_at).days)
    db.session.commit()
    return len(waiting)


# ----- residents' requests for an opinion -----

def request_opinion(user, proposal, advisor: Advisor, reason: str) -> OpinionRequest:
    """A resident asks for an advisor's opinion on a proposal; once per advisor and proposal."""
    if advisor is None or not advisor.active:
        raise Invalid({"advisor": _l("Choose an advisor.")})
    if not any(rules.serves(advisor, m.id, None) for m in proposal.municipalities) and not (
            proposal.grouping_id and rules.serves(advisor, None, proposal.grouping_id)):
        raise Invalid({"advisor": _l("This advisor does not serve the proposal's municipalities.")})
    duplicate = select(OpinionRequest.id).where(OpinionRequest.proposal_id == proposal.id,
                                                OpinionRequest.advisor_id == advisor.id,
                                                OpinionRequest.requester_id == user.id)
    if db.session.scalar(duplicate) is not None:
        raise Invalid({"advisor": _l("You have already asked this advisor about this proposal.")})
    request = OpinionRequest(proposal_id=proposal.id, advisor_id=advisor.id, requester_id=user.id,
                             reason=(reason or "").strip())
    db.session.add(request)
    try:
        db.session.flush()
    except IntegrityError:  # the same request sent twice at once
        db.session.rollback()
        raise Invalid({"advisor": _l("You have already asked this advisor about this proposal.")}) from None
    record_event("advisor_request.created", "proposal", proposal.id, actor=user, request_id=request.id,
                 municipality_ids=[m.id for m in proposal.municipalities])
    db.session.commit()
    return request


def pass_on(actor, request: OpinionRequest, note: str = "") -> AdvisorQuestion:
    """The moderator passes a resident's request on: a question to the advisor about the proposal."""
    if request.state != RequestState.PENDING:
        raise Invalid({"form": _l("This request was already decided.")})
    advisor = request.advisor
    municipality = next((m for m in request.proposal.municipalities
                         if rules.may_ask_for(actor, m.id) and rules.serves(advisor, m.id, None)), None)
    if municipality is None:
        raise Invalid({"form": _l("The advisor does not serve any of the proposal's municipalities you work for: "
                                  "decline the request, or ask another advisor yourself.")})
    body = "\n\n".join(part for part in (request.reason, (note or "").strip()) if part)
    title = str(_l("Opinion on the proposal: %(title)s", title=request.proposal.title))[:200]
    now = utcnow()
    question = AdvisorQuestion(field=advisor.field, advisor_id=advisor.id, asker_id=actor.id,
                               municipality_id=municipality.id, proposal_id=request.proposal_id, title=title,
                               body=body, asked_at=now, assigned_at=now)
    db.session.add(question)
    db.session.flush()
    request.state = RequestState.PASSED_ON
    request.decided_by_id = actor.id
    request.decided_at = now
    request.question_id = question.id
    audit.record(actor, "advisor_request.pass_on", "advisor_opinion_request", request.id,
                 municipality_id=municipality.id, details={"question": question.id, "advisor": advisor.id})
    _tell_whom_it_waits_for(actor, question)
    record_event("advisor_request.passed_on", "proposal", request.proposal_id, actor=actor,
                 user_ids=[request.requester_id] if request.requester_id else [], advisor=advisor.name)
    db.session.commit()
    return question


def decline(actor, request: OpinionRequest, reason: str) -> None:
    """The moderator declines a resident's request, with a reason the resident reads."""
    if request.state != RequestState.PENDING:
        raise Invalid({"form": _l("This request was already decided.")})
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": _l("Give the reason for declining: the resident reads it.")})
    request.state = RequestState.DECLINED
    request.decided_by_id = actor.id
    request.decided_at = utcnow()
    request.decline_reason = reason
    audit.record(actor, "advisor_request.decline", "advisor_opinion_request", request.id, reason=reason,
                 municipality_id=request.proposal.municipalities[0].id if request.proposal.municipalities else None)
    record_event("advisor_request.declined", "proposal", request.proposal_id, actor=actor,
                 user_ids=[request.requester_id] if request.requester_id else [], reason=reason)
    db.session.commit()
