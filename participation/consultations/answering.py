"""Answering: who may answer, checking a submitted questionnaire, saving it.

One response per person per consultation (a unique constraint). Answering
again replaces the answer rows of that response in one transaction, so the
last answers count. A paper questionnaire, recorded by a moderator, is a
response with no user and its municipality.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from participation.audit import services as audit
from participation.common.models import utcnow
from participation.common.validation import MAX_ID, read_int
from participation.consultations.eligibility import why_cannot_answer
from participation.consultations.models import (
    SCALE_VALUES,
    Answer,
    Consultation,
    QuestionKind,
    Response,
    ResponseSource,
)
from participation.consultations.services import ConsultationError, mark_answered_in_transaction
from participation.extensions import db
from participation.permissions.consultations import can_record_paper, paper_municipality_ids

MAX_TEXT = 2000


@dataclass
class ParsedAnswers:
    """What the form said, question by question, and what is wrong with it.

    `values` keeps everything readable even when invalid, so the form shows it again.
    """

    values: dict[int, object] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)
    general_error: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.general_error is None


class InvalidAnswers(ConsultationError):
    def __init__(self, parsed: ParsedAnswers):
        super().__init__(parsed.general_error or _("Please correct the marked questions."))
        self.parsed = parsed


def _int(raw) -> int | None:
    return read_int(str(raw) if raw is not None else "", minimum=-MAX_ID)[0]


def field_name(question, option=None) -> str:
    return f"q-{question.id}" + (f"-o-{option.id}" if option is not None else "")


def _parse_single(question, formdata, parsed):
    raw = formdata.get(field_name(question), "").strip()
    if not raw:
        return
    option_id = _int(raw)
    if option_id not in {o.id for o in question.options}:
        parsed.errors[question.id] = _("That option does not belong to this question. Choose one of those listed.")
        return
    parsed.values[question.id] = option_id


def _parse_multiple(question, formdata, parsed):
    raws = [r for r in formdata.getlist(field_name(question)) if r.strip()]
    if not raws:
        return
    ids = [_int(r) for r in raws]
    parsed.values[question.id] = [i for i in ids if i is not None]
    if any(i not in {o.id for o in question.options} for i in ids):
        parsed.errors[question.id] = _("That option does not belong to this question. Choose from those listed.")
    elif len(set(ids)) != len(ids):
        parsed.errors[question.id] = _("Each option can be chosen only once.")
    elif question.max_choices and len(ids) > question.max_choices:
        parsed.errors[question.id] = _(
            "Choose at most %(max)s options; you chose %(count)s.", max=question.max_choices, count=len(ids)
        )


def _parse_scale(question, formdata, parsed):
    raw = formdata.get(field_name(question), "").strip()
    if not raw:
        return
    value = _int(raw)
    if value not in SCALE_VALUES:
        parsed.errors[question.id] = _("Choose a value from 1 to 5.")
        return
    parsed.values[question.id] = value


def _parse_ranking(question, formdata, parsed):
    ranks = {}
    for option in question.options:
        raw = formdata.get(field_name(question, option), "").strip()
        if raw:
            ranks[option.id] = _int(raw)
    if not ranks:
        return
    parsed.values[question.id] = ranks
    count = len(question.options)
    given = list(ranks.values())
    repeated = sorted({r for r in given if r is not None and given.count(r) > 1})
    if repeated:
        parsed.errors[question.id] = _(
            "You gave rank %(rank)s to more than one option. Use each number once.", rank=repeated[0]
        )
    elif len(ranks) != count or set(given) != set(range(1, count + 1)):
        parsed.errors[question.id] = _(
            "Rank every option from 1 to %(count)s, using each number once.", count=count
        )


def _parse_text(question, formdata, parsed):
    text = formdata.get(field_name(question), "").replace("\r\n", "\n").strip()
    if not text:
        return
    parsed.values[question.id] = text
    if len(text) > MAX_TEXT:
        parsed.errors[question.id] = _("Write at most %(max)s characters.", max=MAX_TEXT)


_PARSERS = {
    QuestionKind.SINGLE: _parse_single,
    QuestionKind.MULTIPLE: _parse_multiple,
    QuestionKind.SCALE: _parse_scale,
    QuestionKind.RANKING: _parse_ranking,
    QuestionKind.TEXT: _parse_text,
}


def parse_answers(consultation: Consultation, formdata) -> ParsedAnswers:
    """Read a submitted questionnaire; every bad input becomes a message on its question."""
    parsed = ParsedAnswers()
    for question in consultation.questions:
        _PARSERS[question.kind](question, formdata, parsed)
        if question.required and question.id not in parsed.values and question.id not in parsed.errors:
            parsed.errors[question.id] = _("This question needs an answer.")
    if not parsed.values and not parsed.errors:
        parsed.general_error = _("Answer at least one question.")
    return parsed


def _answer_rows(consultation: Consultation, response: Response, values: dict) -> list[dict]:
    rows = []
    for question in consultation.questions:
        value = values.get(question.id)
        if value is None:
            continue
        base = {
            "response_id": response.id, "consultation_id": consultation.id, "question_id": question.id,
            "municipality_id": response.municipality_id, "source": response.source,
        }
        if question.kind == QuestionKind.SINGLE:
            rows.append(base | {"option_id": value})
        elif question.kind == QuestionKind.MULTIPLE:
            rows.extend(base | {"option_id": option_id} for option_id in value)
        elif question.kind == QuestionKind.SCALE:
            rows.append(base | {"scale_value": value})
        elif question.kind == QuestionKind.RANKING:
            rows.extend(base | {"option_id": option_id, "rank": rank} for option_id, rank in value.items())
        else:
            rows.append(base | {"text": value})
    return rows


def _replace_answers_in_transaction(consultation: Consultation, response: Response, values: dict) -> None:
    """Delete the response's answer rows and insert the new ones.

    A free-text answer that a moderator hid stays hidden if it comes back unchanged.
    """
    hidden = {
        (row.question_id, row.text): row
        for row in db.session.execute(
            select(Answer.question_id, Answer.text, Answer.hidden_at, Answer.hidden_by_id, Answer.hidden_reason)
            .where(Answer.response_id == response.id, Answer.hidden_at.is_not(None))
        )
    } if response.id is not None else {}
    db.session.execute(delete(Answer).where(Answer.response_id == response.id))
    rows = _answer_rows(consultation, response, values)
    for row in rows:
        kept = hidden.get((row["question_id"], row.get("text")))
        if kept is not None and row.get("text"):
            row.update(hidden_at=kept.hidden_at, hidden_by_id=kept.hidden_by_id,
                       hidden_reason=kept.hidden_reason)
    if rows:
        db.session.execute(insert(Answer), rows)
    db.session.expire(response, ["answers"])


def existing_response(consultation_id: int, user_id: int, *, lock: bool = False) -> Response | None:
    """The user's response to the consultation, locked for update when asked."""
    statement = select(Response).where(
        Response.consultation_id == consultation_id, Response.user_id == user_id
    )
    if lock:
        statement = statement.with_for_update()
    return db.session.scalars(statement).first()


def submit_response(user, consultation: Consultation, formdata, now: datetime | None = None) -> Response:
    """Save the user's answers (replacing earlier ones); raises ConsultationError or InvalidAnswers.

    Two submissions at once: the second insert hits the unique constraint, rolls
    back and retries as a replacement, so exactly one response remains.
    """
    now = now or utcnow()
    problem = why_cannot_answer(user, consultation, now)
    if problem:
        raise ConsultationError(problem)
    parsed = parse_answers(consultation, formdata)
    if not parsed.ok:
        raise InvalidAnswers(parsed)
    user_id, municipality_id, consultation_id = user.id, user.home_municipality_id, consultation.id
    for attempt in range(3):
        try:
            response = existing_response(consultation_id, user_id, lock=True)
            if response is None:
                response = Response(consultation_id=consultation_id, user_id=user_id,
                                    municipality_id=municipality_id, source=ResponseSource.ONLINE)
                db.session.add(response)
                db.session.flush()
            else:
                response.municipality_id = municipality_id
                response.updated_at = now
            _replace_answers_in_transaction(consultation, response, parsed.values)
            mark_answered_in_transaction(consultation, now)
            db.session.commit()
            return response
        except IntegrityError:
            db.session.rollback()
            if attempt == 2:
                raise ConsultationError(_("Your answers could not be saved. Please send them again.")) from None
    raise AssertionError("unreachable")


def withdraw_response(user, consultation: Consultation, now: datetime | None = None) -> bool:
    """Delete the user's own response while the consultation is open."""
    if consultation.phase(now or utcnow()) != "open":
        raise ConsultationError(_("Answers can only be withdrawn while the consultation is open."))
    response = existing_response(consultation.id, user.id, lock=True)
    if response is None:
        return False
    db.session.execute(delete(Answer).where(Answer.response_id == response.id))
    db.session.delete(response)
    db.session.commit()
    return True


def record_paper_response(
    actor, consultation: Consultation, municipality_id: int, formdata, now: datetime | None = None, *,
    user_id: int | None = None, before_commit=None,
) -> Response:
    """A moderator types in a paper questionnaire brought to the office; no name is stored.

    With user_id, the questionnaire is a resident's own, filed on their behalf (the
    verification domain checks who); before_commit(response) adds its records to
    the same transaction.
    """
    now = now or utcnow()
    if not can_record_paper(actor, consultation, now):
        raise ConsultationError(_("Paper questionnaires can only be recorded while the consultation is open."))
    if municipality_id not in paper_municipality_ids(actor, consultation):
        raise ConsultationError(_("Choose a participating municipality that you moderate."))
    parsed = parse_answers(consultation, formdata)
    if not parsed.ok:
        raise InvalidAnswers(parsed)
    response = Response(consultation_id=consultation.id, user_id=user_id, municipality_id=municipality_id,
                        source=ResponseSource.PAPER, recorded_by_id=actor.id)
    db.session.add(response)
    db.session.flush()
    _replace_answers_in_transaction(consultation, response, parsed.values)
    mark_answered_in_transaction(consultation, now)
    audit.record(actor, "consultation.paper_response", "consultation", consultation.id,
                 municipality_id=municipality_id, details={"response_id": response.id})
    if before_commit is not None:
        before_commit(response)
    db.session.commit()
    return response


def own_answers(response: Response | None) -> dict[int, object]:
    """A saved response as form values, to show the resident what they answered."""
    if response is None:
        return {}
    values: dict[int, object] = {}
    kinds = {q.id: q.kind for q in response.consultation.questions}
    for answer in response.answers:
        kind = kinds.get(answer.question_id)
        if kind == QuestionKind.SINGLE:
            values[answer.question_id] = answer.option_id
        elif kind == QuestionKind.MULTIPLE:
            values.setdefault(answer.question_id, []).append(answer.option_id)
        elif kind == QuestionKind.SCALE:
            values[answer.question_id] = answer.scale_value
        elif kind == QuestionKind.RANKING:
            values.setdefault(answer.question_id, {})[answer.option_id] = answer.rank
        elif kind == QuestionKind.TEXT:
            values[answer.question_id] = answer.text
    return values
