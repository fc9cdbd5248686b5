"""Tying proposals to agreements: status, scope, notes, untying, audit and events."""

import pytest
from sqlalchemy import func, select

from participation.agreements import services
from participation.agreements.models import AgreementProposal, AgreementStatus
from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.notifications.models import Event
from participation.proposals.models import ProposalStatus, StatusChange
from tests.agreements.factories import AgreementFactory, ProposalFactory
from tests.factories import GroupingFactory, MunicipalityFactory, UserFactory, moderator_of, representative_of


@pytest.fixture
def world(app):
    a, b = MunicipalityFactory(name="Horní Ves"), MunicipalityFactory(name="Dolní Ves")
    grouping = GroupingFactory(members=[a, b])
    agreement = AgreementFactory(title="Memorandum o optické páteři", municipalities=[a, b])
    proposal = ProposalFactory(title="Internet mezi vesnicemi", municipalities=[a],
                               status=ProposalStatus.UNDER_REVIEW)
    return {"a": a, "b": b, "grouping": grouping, "agreement": agreement, "proposal": proposal}


def test_moderator_ties_proposal_in_one_transaction(client, login, world):
    moderator = moderator_of(world["a"])
    login(moderator)
    page = client.get(f"/dohody/navazat/{world['proposal'].id}?q=opticke")
    assert page.status_code == 200
    assert "Memorandum o optické páteři" in page.get_data(as_text=True)
    response = client.post(f"/dohody/navazat/{world['proposal'].id}",
                           data={"agreement_id": world["agreement"].id, "note": "Páteř řeší výpadky internetu."})
    assert response.status_code == 303
    proposal = world["proposal"]
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.IN_COOPERATION
    change = db.session.scalar(select(StatusChange))
    assert change.to_status == ProposalStatus.IN_COOPERATION and change.author_id == moderator.id
    assert change.reason == "Páteř řeší výpadky internetu."
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"agreement.proposal_tie", "proposal.status"} <= actions
    event = db.session.scalar(select(Event).where(Event.kind == "proposal.tied_to_agreement"))
    assert event.subject_id == proposal.id and event.payload["agreement_id"] == world["agreement"].id
    html = client.get(f"/dohody/{world['agreement'].id}").get_data(as_text=True)
    assert "Internet mezi vesnicemi" in html and "Páteř řeší výpadky internetu." in html


def test_tying_needs_a_note_and_an_agreement(client, login, world):
    login(moderator_of(world["a"]))
    response = client.post(f"/dohody/navazat/{world['proposal'].id}", data={"agreement_id": world["agreement"].id})
    assert response.status_code == 422
    assert 'id="note-error"' in response.get_data(as_text=True)
    response = client.post(f"/dohody/navazat/{world['proposal'].id}", data={"note": "Proč ne", "agreement_id": "x"})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(AgreementProposal.id))) == 0
    db.session.refresh(world["proposal"])
    assert world["proposal"].status == ProposalStatus.UNDER_REVIEW


def test_tying_out_of_scope_is_forbidden(client, login, world):
    login(moderator_of(world["b"]))  # the proposal touches only Horní Ves
    assert client.get(f"/dohody/navazat/{world['proposal'].id}").status_code == 403
    response = client.post(f"/dohody/navazat/{world['proposal'].id}",
                           data={"agreement_id": world["agreement"].id, "note": "Patří sem."})
    assert response.status_code == 403
    login(UserFactory(home_municipality=world["a"]))
    assert client.post(f"/dohody/navazat/{world['proposal'].id}",
                       data={"agreement_id": world["agreement"].id, "note": "x"}).status_code == 403
    assert db.session.scalar(select(func.count(AgreementProposal.id))) == 0


def test_representative_of_grouping_may_tie(client, login, world):
    login(representative_of(world["grouping"]))
    response = client.post(f"/dohody/navazat/{world['proposal'].id}",
                           data={"agreement_id": world["agreement"].id, "note": "Svazek to řeší."})
    assert response.status_code == 303


def test_draft_agreement_and_draft_proposal_cannot_be_tied(app, world):
    moderator = moderator_of(world["a"])
    draft_agreement = AgreementFactory(status=AgreementStatus.DRAFT, municipalities=[world["a"]])
    with app.test_request_context():
        with pytest.raises(services.Refused):
            services.tie_proposal(moderator, draft_agreement, world["proposal"], "note")
        draft = ProposalFactory(status=ProposalStatus.DRAFT, municipalities=[world["a"]])
        with pytest.raises(services.Refused):
            services.tie_proposal(moderator, world["agreement"], draft, "note")


def test_tying_twice_is_refused(app, world):
    moderator = moderator_of(world["a"])
    with app.test_request_context():
        services.tie_proposal(moderator, world["agreement"], world["proposal"], "Poprvé")
        with pytest.raises(services.Refused):
            services.tie_proposal(moderator, world["agreement"], world["proposal"], "Podruhé")
    assert db.session.scalar(select(func.count(AgreementProposal.id))) == 1


def test_solved_proposal_keeps_its_status_when_tied(app, world):
    proposal = ProposalFactory(status=ProposalStatus.SOLVED, municipalities=[world["a"]])
    with app.test_request_context():
        services.tie_proposal(moderator_of(world["a"]), world["agreement"], proposal, "Dodatečně")
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.SOLVED


def test_untie_needs_reason_and_returns_status(client, login, world):
    moderator = moderator_of(world["a"])
    with client.application.test_request_context():
        services.tie_proposal(moderator, world["agreement"], world["proposal"], "Patří sem")
    login(moderator)
    url = f"/dohody/{world['agreement'].id}/podnety/{world['proposal'].id}/odvazat"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"reason": ""})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(AgreementProposal.id))) == 1
    response = client.post(url, data={"reason": "Omylem přiřazeno."})
    assert response.status_code == 303
    assert db.session.scalar(select(func.count(AgreementProposal.id))) == 0
    db.session.refresh(world["proposal"])
    assert world["proposal"].status == ProposalStatus.UNDER_REVIEW
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "agreement.proposal_untie"))
    assert entry.reason == "Omylem přiřazeno."
    assert db.session.scalar(select(Event).where(Event.kind == "proposal.untied")) is not None


def test_untie_out_of_scope_is_forbidden(client, login, world):
    with client.application.test_request_context():
        services.tie_proposal(moderator_of(world["a"]), world["agreement"], world["proposal"], "Patří sem")
    login(moderator_of(world["b"]))
    url = f"/dohody/{world['agreement'].id}/podnety/{world['proposal'].id}/odvazat"
    assert client.post(url, data={"reason": "Chci"}).status_code == 403


def test_proposal_page_include_shows_links_and_tie_form(app, login, world):
    moderator = moderator_of(world["a"])
    with app.test_request_context():
        services.tie_proposal(moderator, world["agreement"], world["proposal"], "Patří sem")
    from flask import render_template_string
    from flask_login import login_user, logout_user

    INCLUDE = '{% include "agreements/_proposal_links.html" ignore missing %}'  # noqa: N806

    with app.test_request_context():
        login_user(moderator)
        html = render_template_string(INCLUDE, proposal=world["proposal"])
    assert "Memorandum o optické páteři" in html
    assert f"/dohody/navazat/{world['proposal'].id}" in html
    assert "untie" in html
    with app.test_request_context():
        logout_user()
        html = render_template_string(INCLUDE, proposal=world["proposal"])
    assert "Memorandum o optické páteři" in html and "untie" not in html


def test_search_fragment_for_htmx(client, world):
    response = client.get("/dohody/hledat?q=PATERI", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="agreement-options"')
    assert "Memorandum o optické páteři" in html
    assert "Memorandum o optické páteři" in client.get("/dohody/hledat?q=pateri").get_data(as_text=True)


def test_hidden_proposal_is_not_listed_on_the_agreement(client, world):
    from participation.common.models import utcnow

    hidden = ProposalFactory(title="Skrytý podnět o skládce", municipalities=[world["a"]])
    db.session.add(AgreementProposal(agreement_id=world["agreement"].id, proposal_id=hidden.id, note="x"))
    hidden.hidden_at = utcnow()
    db.session.commit()
    assert "Skrytý podnět o skládce" not in client.get(f"/dohody/{world['agreement'].id}").get_data(as_text=True)
