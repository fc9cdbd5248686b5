"""Answer templates: managed by a municipality's office, audited, offered and used in the official answer form."""

import pytest
from sqlalchemy import select

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.permissions import workspaces as rules
from participation.proposals.models import OfficialAnswer
from participation.workspaces import answer_templates
from participation.workspaces.models import AnswerTemplate
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    RegionFactory,
    RoleFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)
from tests.proposals.factories import DraftFactory, ProposalFactory

LIST = "/schranka/sablony"
NEW = "/schranka/sablony/nova"


def _template(municipality, title="Prověříme na místě", body="Děkujeme, prověříme to na místě do 14 dnů."):
    template = AnswerTemplate(municipality_id=municipality.id, title=title, body=body)
    db.session.add(template)
    db.session.commit()
    return template


@pytest.fixture
def world(app):
    region = RegionFactory()
    here = MunicipalityFactory(name="Lhota", region=region)
    there = MunicipalityFactory(name="Ves", region=region)
    far = MunicipalityFactory(name="Hora", region=RegionFactory())
    grouping = GroupingFactory(members=[here, there])
    w = {"here": here, "there": there, "far": far, "grouping": grouping}
    w["moderator"] = moderator_of(here)
    w["moderator_there"] = moderator_of(there)
    w["moderator_far"] = moderator_of(far)
    w["representative"] = representative_of(grouping)
    w["administrator"] = administrator()
    w["region_administrator"] = UserFactory()
    from participation.accounts.models import RoleKind

    RoleFactory(user=w["region_administrator"], kind=RoleKind.ADMINISTRATOR, region=region)
    w["resident"] = UserFactory(home_municipality=here)
    w["proposal"] = ProposalFactory(municipalities=[here], title="Chodník k nádraží")
    w["template"] = _template(here)
    w["template_there"] = _template(there, "Ve Vsi", "Text obce Ves.")
    return w


# --- Permissions, per role ------------------------------------------------------------


@pytest.mark.parametrize(("role", "manage", "here", "use"), [
    ("moderator", True, True, True),
    ("moderator_there", True, False, False),
    ("moderator_far", True, False, False),
    ("representative", False, False, False),
    ("administrator", True, True, True),
    ("region_administrator", True, True, True),
    ("resident", False, False, False),
])
def test_rules_per_role(world, role, manage, here, use):
    user = world[role]
    assert rules.can_manage_answer_templates(user) is manage
    assert rules.can_manage_answer_template(user, world["here"].id) is here
    assert rules.can_use_answer_template(user, world["template"], world["proposal"]) is use


def test_anonymous_and_nothing(world):
    from flask_login import AnonymousUserMixin

    anonymous = AnonymousUserMixin()
    assert not rules.can_manage_answer_templates(anonymous)
    assert not rules.can_manage_answer_template(anonymous, world["here"].id)
    assert not rules.can_use_answer_template(world["moderator"], None, world["proposal"])


def test_a_template_of_a_municipality_the_proposal_does_not_touch_cannot_be_used(world):
    administrator_user = world["administrator"]
    assert not rules.can_use_answer_template(administrator_user, world["template_there"], world["proposal"])


# --- Services: audited, bad input refused -----------------------------------------------


def test_create_update_delete_are_audited(world):
    moderator = world["moderator"]
    made = answer_templates.create(moderator, world["here"].id, "  Zamítnutí  ", "  Obec na to nemá rozpočet. ")
    assert (made.title, made.body) == ("Zamítnutí", "Obec na to nemá rozpočet.")
    answer_templates.update(moderator, made, "Zamítnutí – rozpočet", "Obec na to letos nemá rozpočet.")
    answer_templates.delete(moderator, made)
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "answer_template")
                                 .order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["answer_template.created", "answer_template.updated",
                                           "answer_template.deleted"]
    assert all(e.actor_id == moderator.id and e.municipality_id == world["here"].id for e in entries)
    assert entries[1].details["previous_title"] == "Zamítnutí"
    assert db.session.get(AnswerTemplate, made.id) is None


@pytest.mark.parametrize(("title", "body", "field"), [
    ("", "Text", "title"), ("   ", "Text", "title"), ("Název", "", "body"), ("Název", "  \n ", "body"),
    ("x" * 121, "Text", "title"), ("Název", "x" * 10001, "body"),
    ("prověříme NA MÍSTĚ", "Jiný text", "title"),  # the name is taken (whatever the case)
])
def test_bad_input_is_refused_and_nothing_saved(world, title, body, field):
    before = db.session.scalar(select(db.func.count()).select_from(AnswerTemplate))
    with pytest.raises(answer_templates.TemplateRefused) as refused:
        answer_templates.create(world["moderator"], world["here"].id, title, body)
    assert refused.value.field == field
    assert db.session.scalar(select(db.func.count()).select_from(AnswerTemplate)) == before


def test_the_same_name_is_fine_in_another_municipality(world):
    made = answer_templates.create(world["moderator_there"], world["there"].id, "Prověříme na místě", "Ves.")
    assert made.municipality_id == world["there"].id


# --- Pages --------------------------------------------------------------------------


def test_list_shows_only_my_municipalities(client, login, world):
    login(world["moderator"])
    page = client.get(LIST).get_data(as_text=True)
    assert "Prověříme na místě" in page and "Ve Vsi" not in page
    login(world["region_administrator"])
    page = client.get(LIST).get_data(as_text=True)
    assert "Prověříme na místě" in page and "Ve Vsi" in page


@pytest.mark.parametrize("role", ["resident", "representative"])
def test_list_refused_to_those_without_a_municipality(client, login, world, role):
    login(world[role])
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403


def test_list_sends_a_visitor_to_sign_in(client, world):
    response = client.get(LIST)
    assert response.status_code in (302, 401)


def test_add_a_template(client, login, world):
    login(world["moderator"])
    form = client.get(NEW).get_data(as_text=True)
    assert "Lhota" in form and "Hora" not in form
    response = client.post(NEW, data={"municipality": world["here"].id, "title": "Předáno kraji",
                                      "body": "Podnět jsme předali Krajskému úřadu."})
    assert response.status_code == 303
    made = db.session.scalar(select(AnswerTemplate).where(AnswerTemplate.title == "Předáno kraji"))
    assert made.municipality_id == world["here"].id and made.updated_by_id == world["moderator"].id


def test_add_for_another_municipality_is_refused(client, login, world):
    login(world["moderator"])
    response = client.post(NEW, data={"municipality": world["far"].id, "title": "Cizí", "body": "Cizí text."})
    assert response.status_code == 422  # not among the choices: a message next to the field
    assert db.session.scalar(select(AnswerTemplate).where(AnswerTemplate.title == "Cizí")) is None


def test_empty_text_gets_a_message_and_keeps_what_was_typed(client, login, world):
    login(world["moderator"])
    response = client.post(NEW, data={"municipality": world["here"].id, "title": "Rozepsaná", "body": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Rozepsaná"' in page
    assert "Napište text odpovědi" in page or "Write the text of the answer" in page


def test_duplicate_name_message_next_to_the_field(client, login, world):
    login(world["moderator"])
    response = client.post(NEW, data={"municipality": world["here"].id, "title": "Prověříme na místě",
                                      "body": "Jiný text."})
    assert response.status_code == 422
    assert 'id="title-error"' in response.get_data(as_text=True)


def test_edit_a_template(client, login, world):
    login(world["moderator"])
    url = f"/schranka/sablony/{world['template'].id}/upravit"
    assert "Děkujeme, prověříme" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"title": "Prověříme", "body": "Nový text."})
    assert response.status_code == 303
    db.session.refresh(world["template"])
    assert (world["template"].title, world["template"].body) == ("Prověříme", "Nový text.")


def test_delete_asks_first(client, login, world):
    login(world["moderator"])
    url = f"/schranka/sablony/{world['template'].id}/smazat"
    page = client.get(url).get_data(as_text=True)
    assert "Prověříme na místě" in page and "<form" in page
    assert db.session.get(AnswerTemplate, world["template"].id) is not None
    assert client.post(url).status_code == 303
    assert db.session.get(AnswerTemplate, world["template"].id) is None


@pytest.mark.parametrize("action", ["upravit", "smazat"])
def test_another_municipalitys_template_cannot_be_changed(client, login, world, action):
    login(world["moderator"])
    url = f"/schranka/sablony/{world['template_there'].id}/{action}"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"title": "Ukradeno", "body": "x"}).status_code == 403
    db.session.refresh(world["template_there"])
    assert world["template_there"].title == "Ve Vsi"
    assert client.get("/schranka/sablony/2000000000/upravit").status_code == 404


# --- Using a template in the official answer form ---------------------------------------


def test_the_answer_form_offers_my_municipalitys_templates(client, login, world):
    login(world["moderator"])
    page = client.get(f"/podnety/{world['proposal'].id}/moderovat").get_data(as_text=True)
    assert 'name="sablona"' in page and "Prověříme na místě" in page and "Ve Vsi" not in page


def test_use_without_javascript_fills_the_answer_form(client, login, world):
    login(world["moderator"])
    url = f"/schranka/sablony/pouzit/{world['proposal'].id}?sablona={world['template'].id}"
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Děkujeme, prověříme to na místě do 14 dnů." in page
    assert f'action="/podnety/{world["proposal"].id}/odpovedet"' in page
    # Publishing from it is the ordinary official answer.
    answered = client.post(f"/podnety/{world['proposal'].id}/odpovedet", data={
        "answer-on_behalf": f"m:{world['here'].id}", "answer-body": "Děkujeme, prověříme to na místě do 14 dnů."})
    assert answered.status_code in (302, 303)
    answer = db.session.scalar(select(OfficialAnswer).where(OfficialAnswer.proposal_id == world["proposal"].id))
    assert answer.municipality_id == world["here"].id


def test_use_with_htmx_returns_only_the_text_box(client, login, world):
    login(world["moderator"])
    url = f"/schranka/sablony/pouzit/{world['proposal'].id}?sablona={world['template'].id}"
    response = client.get(url, headers={"HX-Request": "true"})
    page = response.get_data(as_text=True).strip()
    assert page.startswith("<textarea") and 'id="answer-body"' in page and 'name="answer-body"' in page
    assert "Děkujeme, prověříme" in page and "<html" not in page
    assert "HX-Request" in response.headers["Vary"]


def test_a_template_of_another_municipality_is_refused(client, login, world):
    login(world["moderator"])
    url = f"/schranka/sablony/pouzit/{world['proposal'].id}?sablona={world['template_there'].id}"
    response = client.get(url)
    assert response.status_code == 403
    assert "Text obce Ves." not in response.get_data(as_text=True)
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 403


def test_a_template_on_a_proposal_of_another_municipality_is_refused(client, login, world):
    elsewhere = ProposalFactory(municipalities=[world["there"]])
    login(world["moderator"])
    assert client.get(f"/schranka/sablony/pouzit/{elsewhere.id}?sablona={world['template'].id}").status_code == 403


def test_use_odd_input(client, login, world):
    login(world["moderator"])
    proposal_id = world["proposal"].id
    assert client.get(f"/schranka/sablony/pouzit/{proposal_id}").status_code == 303  # nothing chosen
    assert client.get(f"/schranka/sablony/pouzit/{proposal_id}?sablona=abc").status_code == 303
    assert client.get(f"/schranka/sablony/pouzit/{proposal_id}?sablona=2000000000").status_code == 404
    assert client.get(f"/schranka/sablony/pouzit/2000000000?sablona={world['template'].id}").status_code == 404
    draft = DraftFactory(municipalities=[world["here"]])
    assert client.get(f"/schranka/sablony/pouzit/{draft.id}?sablona={world['template'].id}").status_code == 404


def test_a_resident_cannot_use_a_template(client, login, world):
    login(world["resident"])
    url = f"/schranka/sablony/pouzit/{world['proposal'].id}?sablona={world['template'].id}"
    assert client.get(url).status_code == 403


def test_list_query_count_does_not_grow(client, login, world, count_queries):
    login(world["moderator"])
    here_id = world["here"].id

    def count():
        db.session.expunge_all()
        with count_queries() as counter:
            assert client.get(LIST).status_code == 200
        return counter["n"]

    few = count()
    for n in range(8):
        db.session.add(AnswerTemplate(municipality_id=here_id, title=f"Šablona {n}", body=f"Text {n}"))
    db.session.commit()
    assert count() == few
