"""Every change a representative makes to a consultation goes through here.

Each function is one transaction with an audit entry. Rules that the forms
cannot know (frozen questions, publishing a consultation with no questions)
raise ConsultationError with a message for the user.
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from participation.audit import services as audit
from participation.comments.models import Thread
from participation.common.models import utcnow
from participation.consultations.models import (
    CHOICE_KINDS,
    Answer,
    Consultation,
    ConsultationStatus,
    Eligibility,
    Option,
    Question,
    QuestionKind,
    ResultsVisibility,
)
from participation.extensions import db
from participation.territory.models import GroupingMembership, Municipality


class ConsultationError(Exception):
    """A rule refused the change; str(error) is a message for the user."""


def member_municipalities(grouping_id: int) -> list[Municipality]:
    """The grouping's current members, by name: the ones a consultation may include."""
    return list(db.session.scalars(
        select(Municipality)
        .join(GroupingMembership, GroupingMembership.municipality_id == Municipality.id)
        .where(GroupingMembership.grouping_id == grouping_id, GroupingMembership.left_on.is_(None))
        .order_by(Municipality.search_name)
    ))


def _members_by_id(grouping_id: int, ids) -> list[Municipality]:
    members = {m.id: m for m in member_municipalities(grouping_id)}
    chosen = [members[i] for i in ids if i in members]
    if not chosen:
        raise ConsultationError(_("Choose at least one participating municipality."))
    return chosen


def create_consultation(
    actor, grouping, *, title: str, introduction: str, municipality_ids, opens_at: datetime,
    closes_at: datetime, eligibility: str = Eligibility.RESIDENTS,
    results_visibility: str = ResultsVisibility.AFTER_CLOSING,
) -> Consultation:
    """A new draft with its discussion thread."""
    if closes_at <= opens_at:
        raise ConsultationError(_("The consultation must close after it opens."))
    thread = Thread(subject_type="consultation")
    consultation = Consultation(
        grouping_id=grouping.id, title=title.strip(), introduction=introduction or "",
        opens_at=opens_at, closes_at=closes_at, eligibility=Eligibility(eligibility),
        results_visibility=ResultsVisibility(results_visibility),
        status=ConsultationStatus.DRAFT, created_by_id=getattr(actor, "id", None), thread=thread,
    )
    consultation.municipalities = _members_by_id(grouping.id, municipality_ids)
    db.session.add(consultation)
    db.session.flush()
    audit.record(actor, "consultation.create", "consultation", consultation.id,
                 details={"grouping_id": grouping.id, "title": consultation.title})
    db.session.commit()
    return consultation


def update_consultation(
    actor, consultation: Consultation, *, title: str, introduction: str, municipality_ids,
    opens_at: datetime, closes_at: datetime, eligibility: str, results_visibility: str,
) -> None:
    """Change the settings; who may answer and when it opened are fixed once answered."""
    if closes_at <= opens_at:
        raise ConsultationError(_("The consultation must close after it opens."))
    municipalities = _members_by_id(consultation.grouping_id, municipality_ids)
    if consultation.is_frozen:
        unchanged = (
            {m.id for m in municipalities} == {m.id for m in consultation.municipalities}
            and opens_at == consultation.opens_at
            and Eligibility(eligibility) == consultation.eligibility
        )
        if not unchanged:
            raise ConsultationError(_(
                "People have already answered: the participating municipalities, the opening "
                "time and who may answer can no longer change."
            ))
    before = {"title": consultation.title, "opens_at": consultation.opens_at.isoformat(),
              "closes_at": consultation.closes_at.isoformat()}
    consultation.title = title.strip()
    consultation.introduction = introduction or ""
    consultation.municipalities = municipalities
    consultation.opens_at = opens_at
    consultation.closes_at = closes_at
    consultation.eligibility = Eligibility(eligibility)
    consultation.results_visibility = ResultsVisibility(results_visibility)
    # A new closing time means a new "closing soon" and results notice.
    if consultation.closes_at.isoformat() != before["closes_at"]:
        consultation.closing_soon_event_at = None
        consultation.results_event_at = None
    audit.record(actor, "consultation.update", "consultation", consultation.id, details={
        "before": before,
        "after": {"title": consultation.title, "opens_at": opens_at.isoformat(),
                  "closes_at": closes_at.isoformat()},
    })
    db.session.commit()


def publishing_problems(consultation: Consultation) -> list[str]:
    """Why the consultation cannot be published yet (empty when it can)."""
    problems = []
    if not consultation.questions:
        problems.append(_("Add at least one question."))
    for question in consultation.questions:
        if question.kind in CHOICE_KINDS and len(question.options) < 2:
            problems.append(_("Question “%(text)s” needs at least two options.", text=question.text))
    if not consultation.municipalities:
        problems.append(_("Choose at least one participating municipality."))
    if consultation.closes_at <= utcnow():
        problems.append(_("The closing time has already passed."))
    return problems


def publish(actor, consultation: Consultation, now: datetime | None = None) -> None:
    """Make the consultation public; it opens for answers at its opening time."""
    if consultation.is_published:
        return
    problems = publishing_problems(consultation)
    if problems:
        raise ConsultationError(" ".join(problems))
    now = now or utcnow()
    consultation.status = ConsultationStatus.PUBLISHED
    consultation.published_at = now
    audit.record(actor, "consultation.publish", "consultation", consultation.id)
    from participation.consultations.events import record_due_events_in_transaction

    record_due_events_in_transaction(consultation, now)
    db.session.commit()


def _require_editable(consultation: Consultation) -> None:
    if consultation.is_frozen:
        raise ConsultationError(_(
            "People have already answered, so questions and options are frozen. "
            "You can still fix their wording."
        ))


def _set_options(question: Question, lines: list[str]) -> None:
    if question.kind not in CHOICE_KINDS:
        lines = []
    question.options = [Option(text=line, position=i) for i, line in enumerate(lines, start=1)]


def add_question(
    actor, consultation: Consultation, *, kind: str, text: str, help_text: str = "",
    required: bool = False, max_choices: int | None = None, options: list[str] | None = None,
) -> Question:
    """Append a question (with its options) to a consultation nobody has answered yet."""
    _require_editable(consultation)
    kind = QuestionKind(kind)
    position = max((q.position for q in consultation.questions), default=0) + 1
    question = Question(
        kind=kind, text=text.strip(), help_text=help_text or "", required=bool(required),
        max_choices=max_choices if kind == QuestionKind.MULTIPLE else None, position=position,
    )
    _set_options(question, options or [])
    consultation.questions.append(question)
    db.session.flush()
    audit.record(actor, "consultation.question_add", "consultation", consultation.id,
                 details={"question_id": question.id, "kind": str(kind), "text": question.text})
    db.session.commit()
    return question


def update_question(
    actor, question: Question, *, kind: str, text: str, help_text: str = "",
    required: bool = False, max_choices: int | None = None, options: list[str] | None = None,
) -> None:
    """Change anything about a question, until the first answer arrives."""
    consultation = question.consultation
    _require_editable(consultation)
    question.kind = QuestionKind(kind)
    question.text = text.strip()
    question.help_text = help_text or ""
    question.required = bool(required)
    question.max_choices = max_choices if question.kind == QuestionKind.MULTIPLE else None
    if [o.text for o in question.options] != (options or []) or question.kind not in CHOICE_KINDS:
        _set_options(question, options or [])
    audit.record(actor, "consultation.question_update", "consultation", consultation.id,
                 details={"question_id": question.id, "kind": str(question.kind), "text": question.text})
    db.session.commit()


def fix_wording(actor, question: Question, *, text: str, help_text: str, options: list[str], note: str) -> None:
    """After answers arrived: the same question and options in better words, with a note."""
    if not note.strip():
        raise ConsultationError(_("Say what you corrected and why."))
    if question.kind in CHOICE_KINDS and len(options) != len(question.options):
        raise ConsultationError(_(
            "Keep the same number of options in the same order: only their wording can change."
        ))
    before = {"text": question.text, "options": [o.text for o in question.options]}
    question.text = text.strip()
    question.help_text = help_text or ""
    for option, new_text in zip(question.options, options, strict=False):
        option.text = new_text
    audit.record(actor, "consultation.question_wording", "consultation", question.consultation_id,
                 reason=note.strip(), details={
                     "question_id": question.id, "before": before,
                     "after": {"text": question.text, "options": [o.text for o in question.options]},
                 })
    db.session.commit()


def delete_question(actor, question: Question) -> None:
    """Remove a question, until the first answer arrives."""
    consultation = question.consultation
    _require_editable(consultation)
    consultation.questions.remove(question)
    for position, other in enumerate(consultation.questions, start=1):
        other.position = position
    audit.record(actor, "consultation.question_delete", "consultation", consultation.id,
                 details={"question_id": question.id, "text": question.text})
    db.session.commit()


def move_question(actor, question: Question, direction: str) -> None:
    """Swap a question with its neighbour above ("up") or below ("down")."""
    consultation = question.consultation
    _require_editable(consultation)
    questions = list(consultation.questions)
    index = questions.index(question)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions, start=1):
        item.position = position
    audit.record(actor, "consultation.question_move", "consultation", consultation.id,
                 details={"question_id": question.id, "direction": direction})
    db.session.commit()


def mark_answered_in_transaction(consultation: Consultation, now: datetime) -> None:
    """Freeze questions at the first answer; safe when two answers arrive at once."""
    db.session.execute(
        update(Consultation)
        .where(Consultation.id == consultation.id, Consultation.first_answered_at.is_(None))
        .values(first_answered_at=now)
        .execution_options(synchronize_session=False)
    )


def set_answer_hidden(actor, answer: Answer, hidden: bool, reason: str) -> None:
    """Hide a free-text answer from the public results (or show it again), audited."""
    answer.hidden_at = utcnow() if hidden else None
    answer.hidden_by_id = actor.id if hidden else None
    answer.hidden_reason = reason.strip() if hidden else ""
    audit.record(actor, "consultation.answer_hide" if hidden else "consultation.answer_show",
                 "consultation", answer.consultation_id, reason=reason.strip(),
                 municipality_id=answer.municipality_id, details={"answer_id": answer.id})
    db.session.commit()
