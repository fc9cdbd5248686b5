"""Paper questionnaires typed in for a named person or an account: counted once per person and per copy."""

from datetime import date

import pytest
from sqlalchemy import func, select

from participation.consultations.models import Eligibility, Response, ResponseSource
from participation.extensions import db
from participation.verification import residency
from participation.verification.form_codes import form_code
from participation.verification.models import AssistedAnswer, DocumentKind, PaperParticipant
from tests.consultations.factories import form_for, make_consultation
from tests.factories import MunicipalityFactory, UserFactory, moderator_of, representative_of

BORN = "14.3.1950"


@pytest.fixture
def world(app):
    consultation = make_consultation(phase="open", eligibility=Eligibility.VERIFIED_RESIDENTS)
    home = consultation.municipalities[0]
    return {"consultation": consultation, "home": home, "moderator": moderator_of(home),
            "resident": UserFactory(home_municipality=home, email="jana@example.cz")}


def _data(world, **person):
    c = world["consultation"]
    data = {"person-municipality": world["home"].id, "person-name": "Josef Novák", "person-address": "Ves 7",
            "person-born_on": BORN, **{f"person-{k}": v for k, v in person.items()}}
    data.update(form_for(c, single="Sever", scale=4))
    return data


def _url(world):
    return f"/konzultace/{world['consultation'].id}/za-obcana"


def _responses(world) -> int:
    return db.session.scalar(select(func.count(Response.id)).where(
        Response.consultation_id == world["consultation"].id))


def test_a_named_paper_questionnaire_is_counted_once(client, login, world):
    login(world["moderator"])
    with client.application.test_request_context("/"):
        code = form_code(world["consultation"].id, 3)
    first = client.post(_url(world), data=_data(world, form_code=code))
    assert first.status_code in (302, 303)
    response = db.session.scalar(select(Response))
    assert response.source == ResponseSource.PAPER and response.user_id is None
    entry = db.session.scalar(select(AssistedAnswer))
    assert entry.form_serial == 3 and entry.paper_participant.name == "Josef Novák"
    same_copy = client.post(_url(world), data=_data(world, name="Marie Nová", form_code=code.lower()))
    assert same_copy.status_code == 422 and f"{entry.id}" in same_copy.get_data(as_text=True)
    same_person = client.post(_url(world), data=_data(world, name="JOSEF NOVAK"))
    body = same_person.get_data(as_text=True)
    assert same_person.status_code == 422 and 'id="desk-refused"' in body and 'value="JOSEF NOVAK"' in body
    assert _responses(world) == 1
    assert db.session.scalar(select(func.count(PaperParticipant.id))) == 1


def test_a_mistyped_form_code_is_refused_next_to_the_field(client, login, world):
    login(world["moderator"])
    response = client.post(_url(world), data=_data(world, form_code="K999-0001-AA"))
    assert response.status_code == 422 and 'id="person-form_code-error"' in response.get_data(as_text=True)
    assert _responses(world) == 0


def test_a_verified_only_consultation_needs_the_person(client, login, world):
    login(world["moderator"])
    response = client.post(_url(world), data=_data(world, name="", address="", born_on=""))
    assert response.status_code == 422 and 'id="person-name-error"' in response.get_data(as_text=True)
    assert _responses(world) == 0


def test_bad_answers_save_nothing_not_even_the_person(client, login, world):
    login(world["moderator"])
    data = _data(world)
    data[f"q-{world['consultation'].questions[2].id}"] = "9"  # the scale goes to 5
    response = client.post(_url(world), data=data)
    assert response.status_code == 422 and 'value="Josef Novák"' in response.get_data(as_text=True)
    assert _responses(world) == 0 and db.session.scalar(select(func.count(PaperParticipant.id))) == 0


def test_an_account_that_answered_online_is_refused_on_paper_and_the_other_way(client, login, world, app):
    resident = world["resident"]
    with app.test_request_context("/"):
        residency.verify_in_person(world["moderator"], resident, DocumentKind.ID_CARD, "Jana Dvořáková",
                                   date(1950, 3, 14))
    login(world["moderator"])
    first = client.post(_url(world), data=_data(world, name="Jana Dvořáková"))
    assert first.status_code in (302, 303)
    assert db.session.scalar(select(Response.user_id)) == resident.id
    login(resident)
    online = client.post(f"/konzultace/{world['consultation'].id}/odpovedet",
                         data=form_for(world["consultation"], single="Jih", scale=1))
    assert _responses(world) == 1  # her own answers replace the paper ones; she is still counted once
    assert online.status_code in (302, 303, 422)
    login(world["moderator"])
    again = client.post(_url(world), data=_data(world, email="jana@example.cz", consent="y", name=""))
    assert again.status_code == 422 and _responses(world) == 1


@pytest.mark.parametrize("who, allowed", [("moderator", True), ("resident", False),
                                          ("moderator elsewhere", False), ("representative", False)])
def test_who_may_type_in_named_questionnaires(client, login, world, who, allowed):
    user = {"moderator": lambda: world["moderator"], "resident": lambda: world["resident"],
            "moderator elsewhere": lambda: moderator_of(MunicipalityFactory()),
            "representative": lambda: representative_of(world["consultation"].grouping)}[who]()
    login(user)
    page = client.get(_url(world))
    sent = client.post(_url(world), data=_data(world))
    if allowed:
        assert page.status_code == 200 and sent.status_code in (302, 303) and _responses(world) == 1
    else:
        assert page.status_code == 403 and sent.status_code == 403 and _responses(world) == 0
