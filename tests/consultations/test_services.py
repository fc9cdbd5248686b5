"""Creating, editing, freezing and publishing consultations; events recorded by the tick."""

from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from participation.audit.models import AuditEntry
from participation.comments.models import Thread
from participation.common.models import utcnow
from participation.consultations import events, services
from participation.consultations.answering import submit_response
from participation.consultations.models import ConsultationStatus, QuestionKind
from participation.consultations.services import ConsultationError
from participation.extensions import db
from participation.notifications.models import Event
from tests.consultations.factories import form_for, make_consultation, resident_of
from tests.factories import GroupingFactory, MunicipalityFactory, representative_of


def _actions():
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_create_add_questions_and_publish(app):
    a, b, outsider = MunicipalityFactory(), MunicipalityFactory(), MunicipalityFactory()
    grouping = GroupingFactory(members=[a, b])
    representative = representative_of(grouping)
    now = utcnow()
    consultation = services.create_consultation(
        representative, grouping, title=" Svoz odpadu ", introduction="Úvod",
        municipality_ids=[a.id, outsider.id], opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=7))
    assert consultation.title == "Svoz odpadu"
    assert consultation.status == ConsultationStatus.DRAFT
    assert [m.id for m in consultation.municipalities] == [a.id]  # non-members are dropped
    assert db.session.get(Thread, consultation.thread_id).subject_type == "consultation"
    assert services.publishing_problems(consultation) == ["Add at least one question."]
    with pytest.raises(ConsultationError):
        services.publish(representative, consultation)
    services.add_question(representative, consultation, kind="single", text="Kde?", options=["Tady", "Tam"])
    services.add_question(representative, consultation, kind="ranking", text="Pořadí", options=["X", "Y", "Z"])
    services.add_question(representative, consultation, kind="text", text="Proč?", options=["ignored"])
    assert [q.position for q in consultation.questions] == [1, 2, 3]
    assert consultation.questions[2].options == []
    services.move_question(representative, consultation.questions[2], "up")
    assert [q.text for q in consultation.questions] == ["Kde?", "Proč?", "Pořadí"]
    services.publish(representative, consultation)
    assert consultation.status == ConsultationStatus.PUBLISHED
    assert _actions() == ["consultation.create", "consultation.question_add", "consultation.question_add",
                          "consultation.question_add", "consultation.question_move", "consultation.publish"]
    # Already open when published: the opened event is recorded at once.
    assert [e.kind for e in db.session.scalars(select(Event))] == ["consultation.opened"]


def test_closing_before_opening_is_refused(app):
    grouping = GroupingFactory(members=[MunicipalityFactory()])
    now = utcnow()
    with pytest.raises(ConsultationError, match="close after it opens"):
        services.create_consultation(None, grouping, title="x", introduction="", municipality_ids=[],
                                     opens_at=now, closes_at=now)


def test_questions_freeze_after_the_first_answer(app):
    consultation = make_consultation(phase="open")
    representative = representative_of(consultation.grouping)
    question = consultation.questions[0]
    services.update_question(representative, question, kind="single", text="Upraveno",
                             options=["Sever", "Jih", "Západ"])
    assert [o.text for o in question.options] == ["Sever", "Jih", "Západ"]
    submit_response(resident_of(consultation.municipalities[0]), consultation,
                    MultiDict(form_for(consultation, single="Jih")))
    db.session.refresh(consultation)
    assert consultation.is_frozen
    with pytest.raises(ConsultationError, match="frozen"):
        services.add_question(representative, consultation, kind="text", text="Nová")
    with pytest.raises(ConsultationError, match="frozen"):
        services.update_question(representative, question, kind="multiple", text="x", options=["a", "b"])
    with pytest.raises(ConsultationError, match="frozen"):
        services.delete_question(representative, question)
    with pytest.raises(ConsultationError, match="frozen"):
        services.move_question(representative, consultation.questions[1], "up")
    with pytest.raises(ConsultationError, match="same number"):
        services.fix_wording(representative, question, text="x", help_text="", options=["a"], note="oprava")
    with pytest.raises(ConsultationError):
        services.fix_wording(representative, question, text="x", help_text="", options=["a", "b", "c"], note=" ")
    services.fix_wording(representative, question, text="Kudy nejdřív?", help_text="",
                         options=["Sever", "Jih", "Západ obce"], note="Překlep")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "consultation.question_wording")).one()
    assert entry.reason == "Překlep"
    assert entry.details["before"]["options"][2] == "Západ"
    assert [o.text for o in question.options] == ["Sever", "Jih", "Západ obce"]


def test_settings_that_decide_who_answers_are_fixed_once_answered(app):
    consultation = make_consultation(phase="open")
    representative = representative_of(consultation.grouping)
    submit_response(resident_of(consultation.municipalities[0]), consultation,
                    MultiDict(form_for(consultation, single="Jih")))
    db.session.refresh(consultation)
    settings = dict(title="Nový název", introduction="", opens_at=consultation.opens_at,
                    closes_at=consultation.closes_at + timedelta(days=1), eligibility="residents",
                    results_visibility="live")
    with pytest.raises(ConsultationError, match="already answered"):
        services.update_consultation(representative, consultation,
                                     municipality_ids=[consultation.municipalities[0].id], **settings)
    services.update_consultation(representative, consultation,
                                 municipality_ids=[m.id for m in consultation.municipalities], **settings)
    assert consultation.title == "Nový název"
    assert consultation.results_visibility == "live"


def test_tick_records_each_event_once(app):
    consultation = make_consultation(phase="upcoming")
    now = utcnow()
    assert events.tick(now) == []
    later = consultation.opens_at + timedelta(minutes=1)
    assert events.tick(later) == [(consultation.id, "consultation.opened")]
    assert events.tick(later) == []
    soon = consultation.closes_at - timedelta(hours=47)
    assert events.tick(soon) == [(consultation.id, "consultation.closing_soon")]
    assert events.tick(soon) == []
    after = consultation.closes_at + timedelta(minutes=1)
    assert events.tick(after) == [(consultation.id, "consultation.results_published")]
    assert events.tick(after + timedelta(days=1)) == []
    recorded = db.session.scalars(select(Event).order_by(Event.id)).all()
    assert [e.kind for e in recorded] == [
        "consultation.opened", "consultation.closing_soon", "consultation.results_published"]
    assert recorded[0].payload["municipality_ids"] == [m.id for m in consultation.municipalities]
    assert all(e.subject_type == "consultation" and e.subject_id == consultation.id for e in recorded)


def test_tick_skips_drafts_and_the_cli_command_runs(app):
    make_consultation(phase="draft")
    make_consultation(phase="closed")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["consultations", "tick"])
    assert result.exit_code == 0
    assert "1 event(s) recorded" in result.output
    assert "0 event(s) recorded" in runner.invoke(args=["consultations", "tick"]).output
    kinds = [e.kind for e in db.session.scalars(select(Event))]
    assert kinds == ["consultation.results_published"]


def test_hiding_a_free_text_answer_is_audited_and_survives_an_unchanged_resubmission(app):
    consultation = make_consultation(phase="open")
    representative = representative_of(consultation.grouping)
    user = resident_of(consultation.municipalities[0])
    submit_response(user, consultation, MultiDict(form_for(consultation, text="Urážka")))
    from participation.consultations.models import Answer

    answer = db.session.scalars(select(Answer).where(Answer.text.is_not(None))).one()
    services.set_answer_hidden(representative, answer, True, "Urážlivé")
    submit_response(user, consultation, MultiDict(form_for(consultation, text="Urážka", single="Jih")))
    again = db.session.scalars(select(Answer).where(Answer.text.is_not(None))).one()
    assert again.hidden_at is not None and again.hidden_reason == "Urážlivé"
    assert "consultation.answer_hide" in _actions()
    assert QuestionKind.TEXT in {q.kind for q in consultation.questions}
