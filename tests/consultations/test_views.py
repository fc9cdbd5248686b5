"""Pages, forms and permissions for every role."""

import csv
import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from participation.audit.models import AuditEntry
from participation.consultations.answering import submit_response
from participation.consultations.models import Answer, Consultation, QuestionKind, Response
from participation.extensions import db
from tests.consultations.factories import form_for, make_consultation, questions_by_kind, resident_of
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)

ROLES = ("visitor", "resident", "outsider", "moderator", "other_moderator", "representative",
         "other_representative", "administrator")


def _user(role, consultation):
    member = consultation.municipalities[0]
    return {
        "visitor": lambda: None,
        "resident": lambda: resident_of(member),
        "outsider": lambda: resident_of(MunicipalityFactory()),
        "moderator": lambda: moderator_of(member),
        "other_moderator": lambda: moderator_of(MunicipalityFactory()),
        "representative": lambda: representative_of(consultation.grouping),
        "other_representative": lambda: representative_of(GroupingFactory(members=[member])),
        "administrator": lambda: administrator(),
    }[role]()


MANAGERS = {"representative", "administrator"}


@pytest.mark.parametrize("role", ROLES)
def test_drafts_are_seen_only_by_those_who_manage_them(app, client, login, role):
    consultation = make_consultation(phase="draft")
    user = _user(role, consultation)
    if user:
        login(user)
    for path in ("", "/upravit", "/otazky", "/nahled", "/vysledky"):
        status = client.get(f"/konzultace/{consultation.id}{path}").status_code
        if role in MANAGERS:
            assert status == 200, path
        elif user is None and path in ("/upravit", "/otazky", "/nahled"):
            assert status in (302, 401, 404), path
        else:
            assert status == 404, path
    publish = client.post(f"/konzultace/{consultation.id}/zverejnit")
    assert publish.status_code == (303 if role in MANAGERS else (404 if user else publish.status_code))


@pytest.mark.parametrize("role", ROLES)
def test_live_results_only_for_managers_unless_public(app, client, login, role):
    consultation = make_consultation(phase="open")
    user = _user(role, consultation)
    if user:
        login(user)
    status = client.get(f"/konzultace/{consultation.id}/vysledky").status_code
    assert status == (200 if role in MANAGERS else 403)
    assert client.get(f"/konzultace/{consultation.id}/vysledky.csv").status_code == status
    assert client.get(f"/konzultace/{consultation.id}/vysledky/tisk").status_code == status
    edit = client.get(f"/konzultace/{consultation.id}/upravit").status_code
    assert edit == 200 if role in MANAGERS else edit in (302, 401, 403)


@pytest.mark.parametrize("role", ROLES)
def test_paper_form_only_for_moderators_of_participating_municipalities(app, client, login, role):
    consultation = make_consultation(phase="open")
    user = _user(role, consultation)
    if user:
        login(user)
    status = client.get(f"/konzultace/{consultation.id}/papirove-odpovedi").status_code
    if user is None:
        assert status in (302, 401)
    else:
        assert status == (200 if role in ("moderator", "administrator") else 403)


def test_closed_results_are_public(app, client):
    consultation = make_consultation(phase="closed")
    assert client.get(f"/konzultace/{consultation.id}/vysledky").status_code == 200


def test_answer_page_and_submission_without_javascript(app, client, login):
    consultation = make_consultation(phase="open", required=True)
    user = resident_of(consultation.municipalities[0], locale="en")
    login(user)
    page = client.get(f"/konzultace/{consultation.id}")
    html = page.get_data(as_text=True)
    assert 'method="post"' in html and "Send my answers" in html and "(required)" in html
    data = form_for(consultation, single="Jih", multiple=["Cena"], scale=3, ranking=["Ves", "Hora", "Lhota"],
                    text="Hodně štěstí")
    response = client.post(f"/konzultace/{consultation.id}/odpovedet", data=MultiDict(data))
    assert response.status_code == 303
    again = client.get(f"/konzultace/{consultation.id}").get_data(as_text=True)
    assert "Change my answers" in again and "Hodně štěstí" in again
    single = questions_by_kind(consultation)[QuestionKind.SINGLE]
    south = next(o for o in single.options if o.text == "Jih")
    assert f'value="{south.id}" checked' in again


def test_errors_keep_every_answer(app, client, login):
    consultation = make_consultation(phase="open")
    login(resident_of(consultation.municipalities[0], locale="en"))
    data = form_for(consultation, single="Jih", multiple=["Rychlost", "Cena", "Spolehlivost"], scale=5,
                    text="Zachovat")
    response = client.post(f"/konzultace/{consultation.id}/odpovedet", data=MultiDict(data))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose at most 2 options; you chose 3." in html
    assert "Zachovat" in html
    scale = questions_by_kind(consultation)[QuestionKind.SCALE]
    assert f'name="q-{scale.id}" value="5" checked' in html
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_visitor_and_outsider_see_why_they_cannot_answer(app, client, login):
    consultation = make_consultation(phase="open")
    client.set_cookie("lang", "en")
    html = client.get(f"/konzultace/{consultation.id}").get_data(as_text=True)
    assert "Sign in to answer" in html and "Send my answers" not in html
    login(resident_of(MunicipalityFactory(), locale="en"))
    html = client.get(f"/konzultace/{consultation.id}").get_data(as_text=True)
    assert "does not take part" in html and "Send my answers" not in html
    response = client.post(f"/konzultace/{consultation.id}/odpovedet",
                           data=MultiDict(form_for(consultation, single="Jih")))
    assert response.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_withdrawing_answers(app, client, login):
    consultation = make_consultation(phase="open")
    user = resident_of(consultation.municipalities[0])
    login(user)
    client.post(f"/konzultace/{consultation.id}/odpovedet", data=MultiDict(form_for(consultation, single="Jih")))
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert client.post(f"/konzultace/{consultation.id}/vzit-zpet").status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_representative_creates_a_consultation_through_the_forms(app, client, login):
    a, b = MunicipalityFactory(name="Lhota"), MunicipalityFactory(name="Ves")
    grouping = GroupingFactory(members=[a, b])
    login(representative_of(grouping))
    form = client.get("/konzultace/nova")
    assert form.status_code == 200 and "Lhota" in form.get_data(as_text=True)
    response = client.post(f"/konzultace/nova?grouping={grouping.id}", data=MultiDict({
        "title": "Svoz bioodpadu", "introduction": "Úvod", "municipalities": [str(a.id), str(b.id)],
        "opens_at": "2020-01-01T08:00", "closes_at": "2099-01-01T20:00", "eligibility": "residents",
        "results_visibility": "after_closing"}))
    assert response.status_code == 303
    consultation = db.session.scalars(select(Consultation)).one()
    assert consultation.opens_at.hour == 7  # 08:00 Prague time in winter is 07:00 UTC
    questions = f"/konzultace/{consultation.id}/otazky"
    bad = client.post(questions, data={"kind": "single", "text": "Kdy?", "options": "Jen jedna"})
    assert bad.status_code == 200 and db.session.scalar(select(func.count()).select_from(Answer)) == 0
    assert client.post(questions, data={"kind": "single", "text": "Kdy?", "options": "Ráno\nVečer"}).status_code == 303
    assert client.get(f"/konzultace/{consultation.id}/nahled").status_code == 200
    assert client.post(f"/konzultace/{consultation.id}/zverejnit").status_code == 303
    db.session.refresh(consultation)
    assert consultation.is_published
    actions = {e.action for e in db.session.scalars(select(AuditEntry))}
    assert {"consultation.create", "consultation.question_add", "consultation.publish"} <= actions


def test_editing_questions_after_the_first_answer_is_refused(app, client, login):
    consultation = make_consultation(phase="open")
    representative = representative_of(consultation.grouping)
    submit_response(resident_of(consultation.municipalities[0]), consultation,
                    MultiDict(form_for(consultation, single="Jih")))
    login(representative)
    question = consultation.questions[0]
    client.post(f"/konzultace/{consultation.id}/otazky/{question.id}/smazat")
    client.post(f"/konzultace/{consultation.id}/otazky", data={"kind": "text", "text": "Nová"})
    db.session.expire_all()
    assert len(db.session.get(Consultation, consultation.id).questions) == len(consultation.questions)
    page = client.get(f"/konzultace/{consultation.id}/otazky/{question.id}/upravit")
    assert 'name="note"' in page.get_data(as_text=True)


def test_paper_questionnaire_through_the_form(app, client, login):
    consultation = make_consultation(phase="open")
    municipality = consultation.municipalities[0]
    login(moderator_of(municipality))
    response = client.post(f"/konzultace/{consultation.id}/papirove-odpovedi", data=MultiDict(
        {"municipality": str(municipality.id), **form_for(consultation, single="Jih")}))
    assert response.status_code == 303
    other = client.post(f"/konzultace/{consultation.id}/papirove-odpovedi", data=MultiDict(
        {"municipality": str(consultation.municipalities[1].id), **form_for(consultation, single="Jih")}))
    assert other.status_code == 422
    paper = db.session.scalars(select(Response)).one()
    assert paper.user_id is None and paper.municipality_id == municipality.id


def test_csv_export_has_a_bom_and_no_personal_data(app, client, login):
    consultation = make_consultation(phase="open")
    user = resident_of(consultation.municipalities[0], display_name="Jana Nováková", email="jana@example.cz")
    submit_response(user, consultation, MultiDict(form_for(
        consultation, single="Jih", multiple=["Cena", "Rychlost"], ranking=["Ves", "Hora", "Lhota"], text="Díky")))
    consultation.closes_at = consultation.opens_at
    db.session.commit()
    # One row per response is for those running the consultation only; the public gets aggregates.
    assert app.test_client().get(f"/konzultace/{consultation.id}/odpovedi.csv").status_code == 302
    login(representative_of(consultation.grouping))
    response = client.get(f"/konzultace/{consultation.id}/odpovedi.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert "Jana" not in text and "jana@" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1 + 2 + 3 + 1
    assert {r["response"] for r in rows} == {"1"}
    assert {r["municipality"] for r in rows} == {consultation.municipalities[0].name}
    assert {r["option"]: r["rank"] for r in rows if r["question_kind"] == "ranking"} == {
        "Ves": "1", "Hora": "2", "Lhota": "3"}
    assert set(rows[0]) == {"response", "source", "municipality_code", "municipality", "question_number",
                            "question", "question_kind", "option", "rank", "scale_value", "text"}
    assert any(r["text"] == "Díky" for r in rows)


def test_hide_free_text_answer_from_results(app, client, login):
    consultation = make_consultation(phase="open")
    submit_response(resident_of(consultation.municipalities[0]), consultation,
                    MultiDict(form_for(consultation, text="Nevhodné")))
    consultation.closes_at = consultation.opens_at
    db.session.commit()
    answer = db.session.scalars(select(Answer).where(Answer.text.is_not(None))).one()
    assert "Nevhodné" in client.get(f"/konzultace/{consultation.id}/vysledky").get_data(as_text=True)
    login(UserFactory())
    assert client.post(f"/konzultace/{consultation.id}/odpovedi/{answer.id}/skryt",
                       data={"reason": "x"}).status_code == 403
    login(representative_of(consultation.grouping))
    assert client.post(f"/konzultace/{consultation.id}/odpovedi/{answer.id}/skryt",
                       data={"reason": "Urážka"}).status_code == 303
    client.get("/")  # the representative still sees it, marked hidden
    visitor = app.test_client()
    assert "Nevhodné" not in visitor.get(f"/konzultace/{consultation.id}/vysledky").get_data(as_text=True)
    assert "Nevhodné" not in visitor.get(f"/konzultace/{consultation.id}/vysledky.csv").get_data(as_text=True)
    assert "Nevhodné" not in visitor.get(
        f"/konzultace/{consultation.id}/vysledky/texty/{answer.question_id}").get_data(as_text=True)


def test_list_filters_and_malformed_input(app, client):
    open_one = make_consultation(phase="open", title="Otevřená")
    closed = make_consultation(phase="closed", title="Uzavřená")
    make_consultation(phase="draft", title="Koncept")
    html = client.get("/konzultace/").get_data(as_text=True)
    assert "Otevřená" in html and "Uzavřená" not in html and "Koncept" not in html
    html = client.get("/konzultace/?state=closed").get_data(as_text=True)
    assert "Uzavřená" in html and "Otevřená" not in html
    html = client.get(f"/konzultace/?state=all&grouping={closed.grouping_id}").get_data(as_text=True)
    assert "Uzavřená" in html and "Otevřená" not in html
    municipality = open_one.municipalities[0].id
    html = client.get(f"/konzultace/?state=all&municipality={municipality}").get_data(as_text=True)
    assert "Otevřená" in html and "Uzavřená" not in html
    for query in ("state=bogus", "grouping=x", "municipality=-1", "page=abc", "page=99999999"):
        assert client.get(f"/konzultace/?{query}").status_code == 200
    assert client.get("/konzultace/999999").status_code == 404
    assert client.get(f"/konzultace/{open_one.id}/vysledky/texty/999").status_code in (403, 404)


def test_list_and_detail_take_a_fixed_number_of_queries(app, client, count_queries):
    for _ in range(2):
        make_consultation(phase="open")
    with count_queries() as few:
        client.get("/konzultace/")
    for _ in range(5):
        make_consultation(phase="open")
    with count_queries() as many:
        client.get("/konzultace/")
    assert few["n"] == many["n"]


def test_sections_for_grouping_and_municipality_pages(app):
    from flask import render_template_string

    consultation = make_consultation(phase="open", title="Sdílený sběrný dvůr")
    html = render_template_string('{% include "consultations/_grouping_section.html" %}',
                                  grouping=consultation.grouping)
    assert "Sdílený sběrný dvůr" in html
    html = render_template_string('{% include "consultations/_municipality_section.html" %}',
                                  municipality=consultation.municipalities[0])
    assert "Sdílený sběrný dvůr" in html


def test_moderator_hides_free_text_only_from_their_municipality(app, client, login):
    consultation = make_consultation(phase="open")
    own, other = consultation.municipalities
    submit_response(resident_of(own), consultation, MultiDict(form_for(consultation, text="Z naší obce")))
    submit_response(resident_of(other), consultation, MultiDict(form_for(consultation, text="Od sousedů")))
    consultation.closes_at = consultation.opens_at
    db.session.commit()
    answers = {a.text: a for a in db.session.scalars(select(Answer).where(Answer.text.is_not(None)))}
    login(moderator_of(own))
    html = client.get(f"/konzultace/{consultation.id}/vysledky").get_data(as_text=True)
    assert f'id="hide-reason-{answers["Z naší obce"].id}"' in html
    assert f'id="hide-reason-{answers["Od sousedů"].id}"' not in html
    base = f"/konzultace/{consultation.id}/odpovedi"
    assert client.post(f"{base}/{answers['Od sousedů'].id}/hide", data={"reason": "x"}).status_code == 403
    assert client.post(f"{base}/{answers['Z naší obce'].id}/hide", data={"reason": "Spam"}).status_code == 303
    assert client.post(f"{base}/{answers['Z naší obce'].id}/show").status_code == 303
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "consultation.answer_hide")).one()
    assert entry.reason == "Spam" and entry.municipality_id == own.id
