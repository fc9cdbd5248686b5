"""The rules of asking, answering, assigning, residents' requests, the work log and guides, called directly."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participation.advisors import guides, questions, services, worklog
from participation.advisors.forms import FIELD_LABELS
from participation.advisors.models import AdvisorField, AdvisorQuestion, GuideVersion, RequestState, WorkKind
from participation.audit.models import AuditEntry
from participation.common.models import utcnow
from participation.events.models import Event
from participation.extensions import db
from participation.localities.services import Invalid


def _ask(world, advisors, **overrides):
    data = questions.QuestionData(title="Jak snížit spotřebu veřejného osvětlení?", body="Máme 120 lamp.",
                                  advisor=advisors["energy"], municipality_id=world["a"].id)
    for name, value in overrides.items():
        setattr(data, name, value)
    return questions.ask(overrides.pop("actor", world["moderator"]), data)


def _actions(action):
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_moderator_asks_and_the_advisor_answers_publicly_on_the_proposal(app, world, advisors, english):
    proposal = advisors["proposal"]
    question = _ask(world, advisors, item_kind="proposal", item_id=proposal.id)
    assert question.field == AdvisorField.ENERGY and question.advisor_id == advisors["energy"].id
    questions.answer(advisors["energy"].user, question, "Výměna za LED ušetří asi 60 %.")
    assert question.is_answered and question.answer.startswith("Výměna")
    kinds = set(db.session.scalars(select(Event.kind)))
    assert {"advisor_question.asked", "advisor_question.answered", "advisor_opinion.published"} <= kinds
    opinion = db.session.scalar(select(Event).where(Event.kind == "advisor_opinion.published"))
    assert (opinion.subject_type, opinion.subject_id) == ("proposal", proposal.id)
    assert _actions("advisor_question.ask") and _actions("advisor_question.answer")


def test_an_advisor_cannot_answer_outside_the_places_they_serve(app, world, advisors, english):
    # The ICT expert serves only Králíky; a question for Ústí assigned to them by hand is refused.
    question = _ask(world, advisors)
    question.advisor_id = advisors["ict"].id
    db.session.commit()
    with pytest.raises(Invalid) as refused:
        questions.answer(advisors["ict"].user, question, "Odpověď")
    assert "serve" in str(refused.value.errors["answer"])
    assert not question.is_answered


def test_asking_an_advisor_who_does_not_serve_the_municipality_is_refused(app, world, advisors, english):
    with pytest.raises(Invalid) as refused:
        _ask(world, advisors, advisor=advisors["ict"])
    assert "does not serve" in str(refused.value.errors["advisor"])


def test_only_the_municipalitys_office_may_ask_for_it(app, world, advisors, english):
    with pytest.raises(Invalid) as refused:
        _ask(world, advisors, actor=world["moderator_out"])
    assert "office" in str(refused.value.errors["place"])
    # A representative asks for their grouping.
    data = questions.QuestionData(title="Společný energetický management?", body="", advisor=advisors["energy"],
                                  grouping_id=world["grouping"].id)
    assert questions.ask(world["representative"], data).grouping_id == world["grouping"].id


def test_a_question_to_a_field_is_assigned_by_its_coordinator(app, world, advisors, english):
    question = _ask(world, advisors, advisor=None, field=AdvisorField.ENERGY)
    asked = db.session.scalar(select(Event).where(Event.kind == "advisor_question.asked"))
    assert asked.payload["user_ids"] == [advisors["coordinator"].id]
    with pytest.raises(Invalid):
        questions.assign(advisors["coordinator"], question, advisors["ict"])  # another field
    questions.assign(advisors["coordinator"], question, advisors["energy"])
    assert question.advisor_id == advisors["energy"].id and _actions("advisor_question.assign")


def test_coordinators_hear_of_questions_waiting_past_the_setting_once(app, world, advisors):
    question = _ask(world, advisors)
    question.asked_at = utcnow() - timedelta(days=app.config["ADVISOR_ANSWER_DAYS"] + 1)
    db.session.commit()
    assert questions.remind_waiting() == 1
    assert questions.remind_waiting() == 0
    waiting = db.session.scalar(select(Event).where(Event.kind == "advisor_question.waiting"))
    assert waiting.payload["user_ids"] == [advisors["coordinator"].id]


def test_a_resident_asks_once_per_advisor_and_proposal(app, world, advisors, english):
    proposal = advisors["proposal"]
    request = questions.request_opinion(world["resident"], proposal, advisors["energy"], "Posuďte úspory.")
    with pytest.raises(Invalid) as refused:
        questions.request_opinion(world["resident"], proposal, advisors["energy"], "Znovu.")
    assert "already asked" in str(refused.value.errors["advisor"])
    question = questions.pass_on(world["moderator"], request, "Prosíme o stanovisko.")
    assert request.state == RequestState.PASSED_ON and question.proposal_id == proposal.id
    assert question.advisor_id == advisors["energy"].id and question.municipality_id == world["a"].id
    assert _actions("advisor_request.pass_on")


def test_a_moderator_declines_a_request_with_a_reason(app, world, advisors, english):
    request = questions.request_opinion(world["resident"], advisors["proposal"], advisors["energy"], "Posuďte.")
    with pytest.raises(Invalid) as refused:
        questions.decline(world["moderator"], request, "  ")
    assert "reason" in str(refused.value.errors["reason"])
    questions.decline(world["moderator"], request, "Poradce už se k tomu vyjádřil.")
    assert request.state == RequestState.DECLINED
    event = db.session.scalar(select(Event).where(Event.kind == "advisor_request.declined"))
    assert event.payload["user_ids"] == [world["resident"].id]
    assert _actions("advisor_request.decline")[0].reason == "Poradce už se k tomu vyjádřil."


def test_the_work_log_refuses_places_not_served_and_the_report_counts_per_grouping(app, world, advisors, english):
    energy = advisors["energy"]
    with pytest.raises(Invalid) as refused:
        worklog.log_work(energy, worklog.WorkData(date.today(), WorkKind.VISIT, "Audit", 2, [world["c"]]))
    assert "Králíky" in str(refused.value.errors["municipalities"])
    with pytest.raises(Invalid) as refused:
        worklog.log_work(energy, worklog.WorkData(date.today() + timedelta(days=1), WorkKind.VISIT, "Audit", 0,
                                                  [world["a"]]))
    assert set(refused.value.errors) == {"worked_on", "hours"}
    worklog.log_work(energy, worklog.WorkData(date.today(), WorkKind.VISIT, "Audit budov", 2.5,
                                              [world["a"], world["b"]]))
    worklog.log_work(advisors["ict"], worklog.WorkData(date.today(), WorkKind.CONSULTATION, "Optika", 1,
                                                       [world["c"]]))
    report = worklog.yearly_report(date.today().year, FIELD_LABELS)
    assert report.total.hours == 3.5 and report.total.entries == 2
    assert [(line.label, line.hours) for line in report.by_grouping] == [
        ("MAS Orlicko", 1.0), ("Mikroregion Orlicko-Třebovsko", 2.5)]
    assert [line.label for line in report.by_field] == ["Energy", "ICT and broadband"]
    text = worklog.report_csv(report)
    assert text.startswith("\ufeff") and "2,50" in text and ";" in text.splitlines()[0]


def test_an_edit_of_a_guide_keeps_every_version(app, world, advisors, english):
    author = advisors["energy"].user
    guide = guides.create_guide(author, guides.GuideData(AdvisorField.ENERGY, "Energetický management obce",
                                                          "### Krok 1\nZmapujte spotřebu."))
    with pytest.raises(Invalid) as refused:
        guides.update_guide(author, guide, guides.GuideData(AdvisorField.ENERGY, guide.title, "Nový text"))
    assert "changed" in str(refused.value.errors["change_note"])
    guides.update_guide(author, guide, guides.GuideData(
        AdvisorField.ENERGY, guide.title, "### Krok 1\nZmapujte spotřebu.\n### Krok 2\nVyberte opatření.",
        change_note="Doplněn krok 2", review_by=date.today() + timedelta(days=365)))
    versions = guides.versions_of(guide)
    assert [v.number for v in versions] == [2, 1] and guide.version == 2
    assert versions[1].body == "### Krok 1\nZmapujte spotřebu."  # the first text is kept as written
    changes = guides.diff(versions[1], versions[0])
    assert [c.text for c in changes if c.kind == "added"] == ["### Krok 2", "Vyberte opatření."]
    assert db.session.scalar(select(GuideVersion.change_note).where(GuideVersion.number == 2)) == "Doplněn krok 2"


def test_an_administrator_grants_the_advisor_role_once(app, world, english):
    person = world["resident_out"]
    data = services.AdvisorData(field=AdvisorField.CIRCULAR, organisation="MAS Orlicko",
                                municipalities=[world["c"]])
    advisor = services.create_advisor(world["administrator"], person.email, data)
    assert advisor.user_id == person.id and _actions("advisor.grant")
    with pytest.raises(Invalid) as refused:
        services.create_advisor(world["administrator"], person.email, data)
    assert "already an advisor" in str(refused.value.errors["email"])
    with pytest.raises(Invalid):
        services.update_advisor(world["administrator"], advisor, services.AdvisorData(field=AdvisorField.OTHER))
    assert db.session.scalar(select(AdvisorQuestion.id)) is None
