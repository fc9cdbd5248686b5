"""Answering: each question kind, eligibility, changing answers, paper answers, every bad input."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from participation.audit.models import AuditEntry
from participation.common.models import utcnow
from participation.consultations import answering
from participation.consultations.answering import (
    InvalidAnswers,
    parse_answers,
    record_paper_response,
    submit_response,
    why_cannot_answer,
)
from participation.consultations.models import (
    Answer,
    Eligibility,
    QuestionKind,
    Response,
    ResponseSource,
)
from participation.consultations.services import ConsultationError
from participation.extensions import db
from tests.consultations.factories import form_for, make_consultation, questions_by_kind, resident_of
from tests.factories import GroupingFactory, MunicipalityFactory, moderator_of


@pytest.fixture
def open_consultation(app):
    return make_consultation(phase="open")


def _answers(response):
    return db.session.scalars(select(Answer).where(Answer.response_id == response.id).order_by(Answer.id)).all()


def test_each_question_kind_is_saved(open_consultation):
    c = open_consultation
    q = questions_by_kind(c)
    user = resident_of(c.municipalities[0])
    response = submit_response(user, c, MultiDict(form_for(
        c, single="Jih", multiple=["Rychlost", "Cena"], scale=4, ranking=["Ves", "Hora", "Lhota"],
        text="  Díky  ")))
    answers = _answers(response)
    by_question = {}
    for a in answers:
        by_question.setdefault(a.question_id, []).append(a)
    assert [a.option.text for a in by_question[q[QuestionKind.SINGLE].id]] == ["Jih"]
    assert sorted(a.option.text for a in by_question[q[QuestionKind.MULTIPLE].id]) == ["Cena", "Rychlost"]
    assert [a.scale_value for a in by_question[q[QuestionKind.SCALE].id]] == [4]
    assert {a.option.text: a.rank for a in by_question[q[QuestionKind.RANKING].id]} == {
        "Ves": 1, "Hora": 2, "Lhota": 3}
    assert [a.text for a in by_question[q[QuestionKind.TEXT].id]] == ["Díky"]
    assert all(a.municipality_id == user.home_municipality_id for a in answers)
    assert response.source == ResponseSource.ONLINE


def test_changing_answers_replaces_them_and_keeps_one_response(open_consultation):
    c = open_consultation
    user = resident_of(c.municipalities[0])
    submit_response(user, c, MultiDict(form_for(c, single="Jih", multiple=["Cena"])))
    submit_response(user, c, MultiDict(form_for(c, single="Sever", scale=2)))
    responses = db.session.scalars(select(Response).where(Response.consultation_id == c.id)).all()
    assert len(responses) == 1
    answers = _answers(responses[0])
    assert [(a.option.text if a.option else None, a.scale_value) for a in answers] == [
        ("Sever", None), (None, 2)]


def test_the_municipality_is_the_one_at_answering_time(open_consultation):
    c = open_consultation
    first, second = c.municipalities
    user = resident_of(first)
    submit_response(user, c, MultiDict(form_for(c, single="Jih")))
    user.home_municipality_id = second.id
    db.session.commit()
    response = submit_response(user, c, MultiDict(form_for(c, single="Jih")))
    assert response.municipality_id == second.id
    assert {a.municipality_id for a in _answers(response)} == {second.id}


def test_concurrent_double_submit_leaves_exactly_one_response(open_consultation, monkeypatch):
    """The second request does not see the first response, inserts, hits the constraint and retries."""
    c = open_consultation
    user = resident_of(c.municipalities[0])
    submit_response(user, c, MultiDict(form_for(c, single="Jih")))
    real = answering.existing_response
    calls = {"n": 0}

    def blind_once(*args, **kwargs):
        calls["n"] += 1
        return None if calls["n"] == 1 else real(*args, **kwargs)

    monkeypatch.setattr(answering, "existing_response", blind_once)
    response = submit_response(user, c, MultiDict(form_for(c, single="Sever")))
    assert calls["n"] == 2
    rows = db.session.scalars(select(Response).where(Response.consultation_id == c.id)).all()
    assert [r.id for r in rows] == [response.id]
    assert [a.option.text for a in _answers(response)] == ["Sever"]


def test_threads_submitting_at_once_keep_one_response(app, open_consultation):
    import threading

    c = open_consultation
    user = resident_of(c.municipalities[0])
    consultation_id, user_id = c.id, user.id
    errors = []

    def send(choice):
        with app.app_context(), app.test_request_context(headers={"Accept-Language": "en"}):
            from participation.accounts.models import User
            from participation.consultations.models import Consultation

            try:
                submit_response(db.session.get(User, user_id), db.session.get(Consultation, consultation_id),
                                MultiDict(form_for(db.session.get(Consultation, consultation_id), single=choice)))
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=send, args=(choice,)) for choice in ("Sever", "Jih", "Sever", "Jih")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    responses = db.session.scalar(select(func.count()).select_from(Response).where(
        Response.consultation_id == consultation_id))
    answers = db.session.scalar(select(func.count()).select_from(Answer).where(
        Answer.consultation_id == consultation_id))
    assert responses == 1
    assert answers == 1
    assert all(isinstance(e, ConsultationError) for e in errors)


@pytest.mark.parametrize("kind,field,raw,message", [
    (QuestionKind.SCALE, "", "6", "from 1 to 5"),
    (QuestionKind.SCALE, "", "x", "from 1 to 5"),
    (QuestionKind.SINGLE, "", "abc", "does not belong"),
])
def test_malformed_values_are_refused(open_consultation, kind, field, raw, message):
    c = open_consultation
    question = questions_by_kind(c)[kind]
    parsed = parse_answers(c, MultiDict({f"q-{question.id}": raw}))
    assert message in parsed.errors[question.id]


def test_option_of_another_question_is_refused(open_consultation):
    c = open_consultation
    q = questions_by_kind(c)
    foreign = q[QuestionKind.MULTIPLE].options[0].id
    parsed = parse_answers(c, MultiDict({f"q-{q[QuestionKind.SINGLE].id}": str(foreign)}))
    assert "does not belong" in parsed.errors[q[QuestionKind.SINGLE].id]
    parsed = parse_answers(c, MultiDict({f"q-{q[QuestionKind.MULTIPLE].id}": [str(q[QuestionKind.SINGLE].options[0].id)]}))
    assert "does not belong" in parsed.errors[q[QuestionKind.MULTIPLE].id]


def test_option_of_another_consultation_is_refused(open_consultation):
    c = open_consultation
    other = make_consultation(phase="open")
    q = questions_by_kind(c)[QuestionKind.SINGLE]
    foreign = questions_by_kind(other)[QuestionKind.SINGLE].options[0].id
    user = resident_of(c.municipalities[0])
    with pytest.raises(InvalidAnswers) as caught:
        submit_response(user, c, MultiDict({f"q-{q.id}": str(foreign)}))
    assert "does not belong" in caught.value.parsed.errors[q.id]
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_too_many_choices_are_refused(open_consultation):
    c = open_consultation
    q = questions_by_kind(c)[QuestionKind.MULTIPLE]
    parsed = parse_answers(c, MultiDict(form_for(c, multiple=["Rychlost", "Cena", "Spolehlivost"])))
    assert parsed.errors[q.id] == "Choose at most 2 options; you chose 3."
    assert sorted(parsed.values[q.id]) == sorted(o.id for o in q.options)  # kept to show again


def test_the_same_option_twice_is_refused(open_consultation):
    c = open_consultation
    q = questions_by_kind(c)[QuestionKind.MULTIPLE]
    option = str(q.options[0].id)
    parsed = parse_answers(c, MultiDict({f"q-{q.id}": [option, option]}))
    assert "only once" in parsed.errors[q.id]


def test_ranking_that_repeats_or_skips_is_refused(open_consultation):
    c = open_consultation
    q = questions_by_kind(c)[QuestionKind.RANKING]
    a, b, d = (f"q-{q.id}-o-{o.id}" for o in q.options)
    repeats = parse_answers(c, MultiDict({a: "1", b: "1", d: "2"}))
    assert repeats.errors[q.id] == "You gave rank 1 to more than one option. Use each number once."
    skips = parse_answers(c, MultiDict({a: "1", b: "3", d: "4"}))
    assert skips.errors[q.id] == "Rank every option from 1 to 3, using each number once."
    partial = parse_answers(c, MultiDict({a: "1", b: "2"}))
    assert partial.errors[q.id] == "Rank every option from 1 to 3, using each number once."
    assert partial.values[q.id] == {q.options[0].id: 1, q.options[1].id: 2}


def test_required_questions_and_empty_questionnaires(app):
    c = make_consultation(phase="open", required=True)
    parsed = parse_answers(c, MultiDict(form_for(c, single="Jih")))
    assert len(parsed.errors) == len(c.questions) - 1
    assert all(message == "This question needs an answer." for message in parsed.errors.values())
    optional = make_consultation(phase="open")
    assert parse_answers(optional, MultiDict()).general_error == "Answer at least one question."


def test_too_long_text_is_refused(open_consultation):
    c = open_consultation
    q = questions_by_kind(c)[QuestionKind.TEXT]
    parsed = parse_answers(c, MultiDict({f"q-{q.id}": "x" * 2001}))
    assert "at most 2000" in parsed.errors[q.id]


@pytest.mark.parametrize("phase,message", [
    ("upcoming", "Answering opens on"),
    ("closed", "This consultation closed on"),
    ("draft", "has not been published"),
])
def test_answering_outside_the_window_is_refused(app, phase, message):
    c = make_consultation(phase=phase)
    user = resident_of(c.municipalities[0])
    assert message in why_cannot_answer(user, c)
    with pytest.raises(ConsultationError, match=message):
        submit_response(user, c, MultiDict(form_for(c, single="Jih")))


def test_resident_of_a_non_participating_municipality_cannot_answer(open_consultation):
    c = open_consultation
    outsider = resident_of(MunicipalityFactory())
    assert "does not take part" in why_cannot_answer(outsider, c)
    with pytest.raises(ConsultationError):
        submit_response(outsider, c, MultiDict(form_for(c, single="Jih")))


def test_member_of_the_grouping_that_does_not_participate_cannot_answer(app):
    a, b, left_out = MunicipalityFactory(), MunicipalityFactory(), MunicipalityFactory()
    grouping = GroupingFactory(members=[a, b, left_out])
    c = make_consultation(grouping, [a, b])
    assert "does not take part" in why_cannot_answer(resident_of(left_out), c)


def test_visitor_and_resident_without_home_see_why(open_consultation):
    from flask_login import AnonymousUserMixin

    c = open_consultation
    assert "Sign in to answer" in why_cannot_answer(AnonymousUserMixin(), c)
    assert "home municipality" in why_cannot_answer(resident_of(None), c)


def test_verified_only_consultation(app):
    c = make_consultation(phase="open", eligibility=Eligibility.VERIFIED_RESIDENTS)
    unverified = resident_of(c.municipalities[0])
    assert "verified" in why_cannot_answer(unverified, c)
    verified = resident_of(c.municipalities[0], residency_verified_at=utcnow())
    assert why_cannot_answer(verified, c) is None


def test_answer_after_closing_time_is_refused_even_with_the_page_open(open_consultation):
    c = open_consultation
    user = resident_of(c.municipalities[0])
    with pytest.raises(ConsultationError, match="closed"):
        submit_response(user, c, MultiDict(form_for(c, single="Jih")), now=c.closes_at + timedelta(seconds=1))


def test_paper_answers_by_a_moderator_of_a_participating_municipality(open_consultation):
    c = open_consultation
    municipality = c.municipalities[0]
    moderator = moderator_of(municipality)
    response = record_paper_response(moderator, c, municipality.id, MultiDict(form_for(c, single="Jih")))
    assert response.user_id is None
    assert response.source == ResponseSource.PAPER
    assert response.recorded_by_id == moderator.id
    assert response.municipality_id == municipality.id
    assert {a.source for a in _answers(response)} == {ResponseSource.PAPER}
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "consultation.paper_response")).one()
    assert entry.municipality_id == municipality.id
    # Several paper questionnaires from the same office are separate responses.
    record_paper_response(moderator, c, municipality.id, MultiDict(form_for(c, single="Sever")))
    assert db.session.scalar(select(func.count()).select_from(Response)) == 2


def test_paper_answers_refused_for_other_municipalities_and_closed_consultations(open_consultation):
    c = open_consultation
    outsider_moderator = moderator_of(MunicipalityFactory())
    with pytest.raises(ConsultationError):
        record_paper_response(outsider_moderator, c, c.municipalities[0].id, MultiDict(form_for(c, single="Jih")))
    moderator = moderator_of(c.municipalities[0])
    with pytest.raises(ConsultationError):
        record_paper_response(moderator, c, c.municipalities[1].id, MultiDict(form_for(c, single="Jih")))
    closed = make_consultation(phase="closed")
    with pytest.raises(ConsultationError):
        record_paper_response(moderator_of(closed.municipalities[0]), closed, closed.municipalities[0].id,
                              MultiDict(form_for(closed, single="Jih")))


def test_first_answer_freezes_the_questions(open_consultation):
    c = open_consultation
    assert not c.is_frozen
    submit_response(resident_of(c.municipalities[0]), c, MultiDict(form_for(c, single="Jih")))
    db.session.refresh(c)
    assert c.is_frozen
