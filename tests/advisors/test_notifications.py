"""Who hears about advisors' work: the advisor when asked, the asker when answered, the item's followers when
a public opinion is published (not for an internal one), the coordinators when a question waits too long, the
resident when their request is declined."""

from datetime import timedelta

from participation.advisors import questions
from participation.common.models import utcnow
from participation.extensions import db
from participation.follows import services as follows
from participation.notifications.dispatch import dispatch_pending
from participation.notifications.models import Event
from tests.factories import UserFactory
from tests.notifications.helpers import recipients_of


def _event(kind):
    return db.session.query(Event).filter_by(kind=kind).one()


def test_asking_and_answering_tell_the_advisor_the_asker_and_the_followers(app, client, login, world, advisors):
    follower, bystander = UserFactory(locale="en"), UserFactory()
    follows.follow(follower, advisors["proposal"])
    with app.test_request_context():
        question = questions.ask(world["moderator"], questions.QuestionData(
            title="Vyplatí se LED?", body="", advisor=advisors["energy"], municipality_id=world["a"].id,
            item_kind="proposal", item_id=advisors["proposal"].id))
        questions.answer(advisors["energy"].user, question, "Ano, ušetří 60 %.")
        dispatch_pending()
    assert recipients_of(_event("advisor_question.asked")) == {advisors["energy"].user_id}
    assert recipients_of(_event("advisor_question.answered")) == {world["moderator"].id}
    assert recipients_of(_event("advisor_opinion.published")) == {follower.id}
    assert bystander.id not in recipients_of(_event("advisor_opinion.published"))
    login(follower)
    html = client.get("/oznameni").get_data(as_text=True)
    assert "published an expert opinion on" in html and "Veřejné osvětlení LED" in html


def test_an_internal_answer_tells_the_asker_but_not_the_followers(app, world, advisors):
    follower = UserFactory()
    follows.follow(follower, advisors["proposal"])
    with app.test_request_context():
        question = questions.ask(world["moderator"], questions.QuestionData(
            title="Interní", body="", advisor=advisors["energy"], municipality_id=world["a"].id,
            item_kind="proposal", item_id=advisors["proposal"].id, internal=True))
        questions.answer(advisors["energy"].user, question, "Jen pro úřad.")
        dispatch_pending()
    assert recipients_of(_event("advisor_question.answered")) == {world["moderator"].id}
    assert db.session.query(Event).filter_by(kind="advisor_opinion.published").count() == 0


def test_coordinators_hear_of_a_question_waiting_too_long(app, world, advisors):
    with app.test_request_context():
        question = questions.ask(world["moderator"], questions.QuestionData(
            title="Čeká", body="", advisor=advisors["energy"], municipality_id=world["a"].id),
            now=utcnow() - timedelta(days=30))
        assert question.id
        questions.remind_waiting()
        dispatch_pending()
    assert recipients_of(_event("advisor_question.waiting")) == {advisors["coordinator"].id}


def test_the_resident_hears_why_the_request_was_declined(app, client, login, world, advisors):
    with app.test_request_context():
        request = questions.request_opinion(world["resident"], advisors["proposal"], advisors["energy"], "Prosím.")
        questions.decline(world["moderator"], request, "Poradce se k tomu už vyjádřil.")
        dispatch_pending()
    assert recipients_of(_event("advisor_request.created")) == {world["moderator"].id}
    assert recipients_of(_event("advisor_request.declined")) == {world["resident"].id}
    login(world["resident"])
    html = client.get("/oznameni").get_data(as_text=True)
    assert "was declined" in html and "Poradce se k tomu už vyjádřil." in html
