"""Destructive actions ask first, with and without JavaScript (issue 19)."""

from urllib.parse import quote

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from participation.common import confirm
from participation.consultations.answering import submit_response
from participation.consultations.models import Response
from participation.extensions import db
from participation.proposals.models import Proposal
from tests.consultations.factories import form_for, make_consultation, resident_of
from tests.factories import GroupingFactory, MunicipalityFactory, UserFactory
from tests.proposals.factories import DraftFactory

EN = {"Accept-Language": "en"}


def _sign_in(login, user):
    user.locale = "en"
    db.session.commit()
    login(user)


def _ask(client, action, next_path="/", **headers):
    return client.get(f"/potvrdit?action={quote(action)}&next={quote(next_path)}", headers={**EN, **headers})


def test_every_registered_action_is_a_post_route(app):
    posts = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    declared = set(confirm.registered())
    assert {"consultations.withdraw", "proposals.delete", "consultations.delete_question",
            "accounts.end_other_sign_in_sessions"} <= declared
    assert declared <= posts


def _answered_consultation():
    town = MunicipalityFactory(population=100)
    consultation = make_consultation(GroupingFactory(members=[town]), [town])
    resident = resident_of(town)
    submit_response(resident, consultation, MultiDict(form_for(consultation, single="Sever")))
    return consultation, resident


def _responses():
    return db.session.scalar(select(func.count()).select_from(Response))


def test_withdrawing_answers_says_so_and_asks_first_without_javascript(client, login):
    consultation, resident = _answered_consultation()
    _sign_in(login, resident)
    page = client.get(f"/konzultace/{consultation.id}", headers=EN).get_data(as_text=True)
    action = f"/konzultace/{consultation.id}/vzit-zpet"
    # The page offers a link to the question, not a form that deletes in one tap.
    assert f'action="{action}"' not in page
    assert "Withdraw my answers" in page and "/potvrdit?action=" in page

    asked = _ask(client, action, f"/konzultace/{consultation.id}")
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "<html" in html
    assert "Withdraw your answers?" in html and "Yes, withdraw my answers" in html
    assert f'action="{action}"' in html and 'name="csrf_token"' in html
    assert f'href="/konzultace/{consultation.id}">Cancel' in html
    assert _responses() == 1

    done = client.post(action, data={"next": f"/konzultace/{consultation.id}"})
    assert done.status_code == 303 and _responses() == 0


def test_with_htmx_the_same_question_comes_in_place(client, login):
    consultation, resident = _answered_consultation()
    _sign_in(login, resident)
    asked = _ask(client, f"/konzultace/{consultation.id}/vzit-zpet", **{"HX-Request": "true"})
    html = asked.get_data(as_text=True)
    assert "<html" not in html and 'class="confirm-box"' in html
    assert "Yes, withdraw my answers" in html
    assert "HX-Request" in asked.headers["Vary"]


def test_withdrawing_a_proposal_asks_with_the_reason_field(client, login):
    from tests.proposals.factories import ProposalFactory

    town = MunicipalityFactory()
    author = UserFactory(home_municipality=town)
    proposal = ProposalFactory(author=author, municipalities=[town])
    _sign_in(login, author)
    html = _ask(client, f"/podnety/{proposal.id}/vzit-zpet").get_data(as_text=True)
    assert "Withdraw this proposal?" in html and 'name="reason"' in html


def test_deleting_a_draft_happens_only_after_yes(client, login):
    draft = DraftFactory()
    _sign_in(login, draft.author)
    detail = client.get(f"/podnety/{draft.id}", headers=EN).get_data(as_text=True)
    assert f'action="/podnety/{draft.id}/smazat"' not in detail
    assert "Delete this draft for good?" in _ask(client, f"/podnety/{draft.id}/smazat").get_data(as_text=True)
    assert db.session.get(Proposal, draft.id) is not None
    assert client.post(f"/podnety/{draft.id}/smazat").status_code == 303
    db.session.expire_all()
    assert db.session.get(Proposal, draft.id) is None


@pytest.mark.parametrize("action", [
    "/odhlaseni",                       # a POST route that is not declared destructive
    "https://evil.example/x",        # not this site
    "//evil.example/proposals/1/delete",
    "/podnety/abc/smazat",         # no such route
    "",
])
def test_only_declared_actions_of_this_site_get_a_question(client, login, action):
    _sign_in(login, UserFactory())
    assert _ask(client, action).status_code == 404


def test_cancel_never_leaves_the_site(client, login):
    draft = DraftFactory()
    _sign_in(login, draft.author)
    html = _ask(client, f"/podnety/{draft.id}/smazat", "https://evil.example/").get_data(as_text=True)
    assert 'href="https://evil.example' not in html and 'value="https://evil.example' not in html
    assert 'href="/">Cancel' in html


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/potvrdit?action=/podnety/1/smazat")
    assert response.status_code in (302, 303, 401)
