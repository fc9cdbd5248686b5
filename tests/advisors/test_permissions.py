"""Who may do what with advisors, role by role: asking, answering, assigning, reading internal answers,
requesting an opinion, deciding requests, logging work, writing guides, reading the report."""

import pytest

from participation.advisors import questions
from participation.advisors.models import AdvisorField, OpinionRequest
from participation.extensions import db
from participation.permissions import advisors as rules
from tests.factories import UserFactory


@pytest.fixture
def open_question(world, advisors):
    return questions.ask(world["moderator"], questions.QuestionData(
        title="Dotaz", body="", advisor=advisors["energy"], municipality_id=world["a"].id))


def test_only_administrators_manage_advisors(world, advisors):
    assert rules.can_manage_advisors(world["administrator"])
    for role in ("moderator", "representative", "resident"):
        assert not rules.can_manage_advisors(world[role])
    assert not rules.can_manage_advisors(advisors["energy"].user)


def test_who_may_ask_for_which_place(world, advisors):
    a, c, grouping = world["a"].id, world["c"].id, world["grouping"].id
    assert rules.may_ask_for(world["moderator"], a) and not rules.may_ask_for(world["moderator"], c)
    assert rules.may_ask_for(world["representative"], grouping_id=grouping)
    assert not rules.may_ask_for(world["representative_out"], grouping_id=grouping)
    assert not rules.may_ask_for(world["resident"], a)
    assert not rules.may_ask_for(advisors["energy"].user, a)
    assert rules.may_ask_for(world["administrator"], c)


def test_only_the_questions_advisor_answers_and_only_where_they_serve(world, advisors, open_question):
    assert rules.can_answer(advisors["energy"].user, open_question)
    for person in (advisors["ict"].user, world["moderator"], world["administrator"], advisors["coordinator"]):
        assert not rules.can_answer(person, open_question)
    advisors["energy"].groupings = []  # no longer serves Ústí
    db.session.commit()
    rules.forget_advisor_scope(advisors["energy"].user)
    assert not rules.can_answer(advisors["energy"].user, open_question)


def test_an_internal_question_is_read_only_by_the_places_staff_the_advisor_and_coordinators(world, advisors):
    question = questions.ask(world["moderator"], questions.QuestionData(
        title="Interní", body="", advisor=advisors["energy"], municipality_id=world["a"].id, internal=True))
    questions.answer(advisors["energy"].user, question, "Jen pro úřad.")
    for person in (world["moderator"], world["representative"], world["administrator"], advisors["energy"].user,
                   advisors["coordinator"]):
        assert rules.can_view_question(person, question) and rules.can_read_internal(person, question)
    for person in (world["resident"], world["moderator_out"], world["representative_out"], advisors["ict"].user,
                   UserFactory(), None):
        assert not rules.can_view_question(person, question)


def test_a_public_answered_question_is_read_by_everyone(world, advisors, open_question):
    assert not rules.can_view_question(world["resident"], open_question)
    questions.answer(advisors["energy"].user, open_question, "Veřejně.")
    assert rules.can_view_question(world["resident"], open_question)


def test_coordinators_assign_questions_of_their_field_in_their_region(world, advisors, open_question):
    assert rules.can_assign(advisors["coordinator"], open_question)
    assert rules.can_assign(world["administrator"], open_question)
    assert not rules.can_assign(world["moderator"], open_question)
    ict_question = questions.ask(world["moderator_out"], questions.QuestionData(
        title="Optika", body="", field=AdvisorField.ICT, municipality_id=world["c"].id))
    assert not rules.can_assign(advisors["coordinator"], ict_question)  # another field


def test_requests_for_an_opinion_are_decided_by_the_proposals_office(world, advisors):
    proposal = advisors["proposal"]
    assert rules.can_request_opinion(world["resident"], proposal)
    assert not rules.can_request_opinion(UserFactory(email_confirmed_at=None), proposal)
    assert not rules.can_request_opinion(None, proposal)
    request = questions.request_opinion(world["resident"], proposal, advisors["energy"], "Prosím.")
    assert rules.can_decide_request(world["moderator"], request)
    assert rules.can_decide_request(world["administrator"], request)
    for person in (world["moderator_out"], world["representative"], world["resident"], advisors["energy"].user):
        assert not rules.can_decide_request(person, request)
    request.state = "declined"
    assert not rules.can_decide_request(world["moderator"], db.session.merge(request))
    assert isinstance(request, OpinionRequest)


def test_work_log_guides_and_report(world, advisors):
    energy = advisors["energy"].user
    assert rules.can_log_work(energy) and not rules.can_log_work(world["moderator"])
    assert rules.can_write_guide(energy, AdvisorField.ENERGY) and not rules.can_write_guide(energy, AdvisorField.ICT)
    assert rules.can_write_guide(advisors["coordinator"], AdvisorField.ENERGY)
    assert not rules.can_write_guide(world["moderator"]) and rules.can_write_guide(world["administrator"], "ict")
    for person in (energy, advisors["coordinator"], world["moderator"], world["representative"]):
        assert rules.can_view_report(person)
    assert not rules.can_view_report(world["resident"])


def test_a_queue_is_seen_by_its_advisor_coordinators_of_the_field_and_administrators(world, advisors):
    energy = advisors["energy"]
    assert rules.can_view_queue(energy.user, energy)
    assert rules.can_view_queue(advisors["coordinator"], energy)
    assert rules.can_view_queue(world["administrator"], energy)
    assert not rules.can_view_queue(advisors["ict"].user, energy)
    assert not rules.can_view_queue(world["moderator"], energy)
