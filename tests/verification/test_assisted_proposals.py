"""Writing a proposal at the office on a resident's behalf: a paper participant or an account with consent."""

from datetime import date

import pytest
from sqlalchemy import func, select

from participation.accounts.models import RoleKind
from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.proposals.models import Proposal, ProposalStatus
from participation.verification import assisted_proposals, filing
from participation.verification.models import AssistedProposal, PaperParticipant
from participation.verification.residency import VerificationError
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    RoleFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)

URL = "/obce/580376/podnet-za-obcana"


@pytest.fixture
def world(app):
    here, there = MunicipalityFactory(name="Libchavy", code="580376"), MunicipalityFactory(name="Kunvald")
    return {"here": here, "there": there, "grouping": GroupingFactory(members=[here]),
            "moderator": moderator_of(here), "resident": UserFactory(home_municipality=here, email="jana@example.cz")}


def _form(world, **change):
    data = {"person-name": "Josef Novák", "person-address": "Libchavy 7", "person-born_on": "14.3.1950",
            "person-form_code": "N-3", "proposal-title": "Lavička u zastávky v Libchavách",
            "proposal-body": "Senioři nemají kde počkat na autobus.", "proposal-category": "transport",
            "proposal-municipalities": str(world["here"].id), "proposal-grouping": ""}
    return {**data, **change}


def _proposals() -> int:
    return db.session.scalar(select(func.count(Proposal.id)))


def test_a_proposal_for_a_paper_participant_is_published_without_their_name(client, login, world):
    login(world["moderator"])
    sent = client.post(URL, data=_form(world))
    assert sent.status_code in (302, 303)
    proposal = db.session.scalars(select(Proposal)).one()
    assert proposal.status == ProposalStatus.PUBLISHED and proposal.author_id is None
    filing = db.session.scalars(select(AssistedProposal)).one()
    assert filing.kind == "paper" and filing.form_code == "N-3" and filing.recorded_by_id == world["moderator"].id
    assert filing.paper_participant.name == "Josef Novák" and filing.municipality_id == world["here"].id
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "proposal.assisted_filing"))
    assert audit.actor_id == world["moderator"].id and audit.subject_id == proposal.id
    client.post("/odhlaseni")
    page = client.get(f"/podnety/{proposal.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Filed at the office on behalf of a resident of Libchavy" in page
    assert "Novák" not in page and "Libchavy 7" not in page
    # The office sees the person among its paper participants.
    login(world["moderator"])
    assert "Josef Novák" in client.get("/obce/580376/papirovi-ucastnici").get_data(as_text=True)


def test_the_same_person_on_a_second_proposal_is_the_same_paper_participant(app, world):
    with app.test_request_context("/"):
        for title in ("První podnět pro obec", "Druhý podnět pro obec"):
            data = assisted_proposals.proposal_services.ProposalData(
                title=title, body="Text podnětu.", category="transport", municipality_ids=[world["here"].id])
            assisted_proposals.file_proposal(world["moderator"], world["here"], data, filing.OnBehalfOf(
                name="Josef Novák", address="Libchavy 7", born_on=date(1950, 3, 14)))
    assert db.session.scalar(select(func.count(PaperParticipant.id))) == 1
    assert db.session.scalar(select(func.count(AssistedProposal.id))) == 2


def test_a_proposal_for_an_account_needs_consent_and_is_theirs(client, login, world):
    login(world["moderator"])
    person = {"person-name": "", "person-address": "", "person-born_on": "", "person-email": "JANA@example.cz"}
    refused = client.post(URL, data=_form(world, **person))
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="person-consent-error"' in body
    assert 'value="Lavička u zastávky v Libchavách"' in body  # what was typed is kept
    assert _proposals() == 0
    sent = client.post(URL, data=_form(world, **person, **{"person-consent": "y"}))
    assert sent.status_code in (302, 303)
    proposal = db.session.scalars(select(Proposal)).one()
    assert proposal.author_id == world["resident"].id
    filing = db.session.scalars(select(AssistedProposal)).one()
    assert filing.kind == "account" and filing.consent and filing.user_id == world["resident"].id
    page = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    assert 'id="proposal-assisted"' in page and world["resident"].display_name in page


def test_an_account_of_another_municipality_is_refused(client, login, world):
    UserFactory(home_municipality=world["there"], email="jinde@example.cz")
    login(world["moderator"])
    sent = client.post(URL, data=_form(world, **{"person-email": "jinde@example.cz", "person-consent": "y"}))
    assert sent.status_code == 422 and 'id="person-email-error"' in sent.get_data(as_text=True)
    unknown = client.post(URL, data=_form(world, **{"person-email": "nikdo@example.cz", "person-consent": "y"}))
    assert unknown.status_code == 422 and 'id="person-email-error"' in unknown.get_data(as_text=True)
    assert _proposals() == 0 and db.session.scalar(select(func.count(AuditEntry.id))) == 0


@pytest.mark.parametrize("change, field", [
    ({"person-name": ""}, "person-name"),
    ({"person-address": ""}, "person-address"),
    ({"person-born_on": "zítra"}, "person-born_on"),
    ({"person-email": "not-an-email"}, "person-email"),
    ({"proposal-title": ""}, "proposal-title"),
    ({"proposal-body": ""}, "proposal-body"),
    ({"proposal-category": "nonsense"}, "proposal-category"),
    ({"proposal-municipalities": ""}, "proposal-municipalities"),
])
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(client, login, world, change, field):
    login(world["moderator"])
    response = client.post(URL, data=_form(world, **change))
    assert response.status_code == 422 and f'id="{field}-error"' in response.get_data(as_text=True)
    assert _proposals() == 0 and db.session.scalar(select(func.count(PaperParticipant.id))) == 0


def test_the_service_refuses_a_person_without_name_and_keeps_nothing(app, world):
    data = assisted_proposals.proposal_services.ProposalData(
        title="Podnět bez člověka", body="Text.", category="transport", municipality_ids=[world["here"].id])
    with app.test_request_context("/"), pytest.raises(VerificationError):
        assisted_proposals.file_proposal(world["moderator"], world["here"], data, filing.OnBehalfOf())
    assert _proposals() == 0


ROLES = {
    "moderator in scope": lambda w: w["moderator"],
    "moderator elsewhere": lambda w: moderator_of(w["there"]),
    "resident": lambda w: w["resident"],
    "representative of its grouping": lambda w: representative_of(w["grouping"]),
    "administrator": lambda w: administrator(),
    "administrator of its region": lambda w: RoleFactory(kind=RoleKind.ADMINISTRATOR, region=w["here"].region).user,
}
OFFICE = {"moderator in scope", "administrator", "administrator of its region"}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_only_the_municipalitys_office_files_a_proposal(client, login, world, role):
    login(ROLES[role](world))
    page = client.get(URL)
    sent = client.post(URL, data=_form(world))
    if role in OFFICE:
        assert page.status_code == 200 and sent.status_code in (302, 303) and _proposals() == 1
    else:
        assert page.status_code == 403 and sent.status_code == 403 and _proposals() == 0


def test_a_visitor_is_sent_to_sign_in(client, world):
    sent = client.post(URL, data=_form(world))
    assert sent.status_code in (302, 303) and "/prihlaseni" in sent.headers["Location"]
    assert _proposals() == 0


def test_the_municipality_page_links_the_form_for_its_office_only(client, login, world):
    login(world["moderator"])
    assert f'href="{URL}"' in client.get("/obce/580376").get_data(as_text=True)
    login(world["resident"])
    assert f'href="{URL}"' not in client.get("/obce/580376").get_data(as_text=True)


def test_a_filed_proposal_page_costs_one_query_more_than_one_written_online(client, login, world, count_queries):
    login(world["moderator"])
    client.post(URL, data=_form(world))
    proposal = db.session.scalars(select(Proposal)).one()
    client.post("/odhlaseni")
    online = assisted_proposals.proposal_services.create_proposal(world["resident"], assisted_proposals.proposal_services.ProposalData(
        title="Podnět napsaný doma", body="Text.", category="transport", municipality_ids=[world["here"].id]),
        publish=True)
    counts = []
    for shown in (online, proposal):
        client.get(f"/podnety/{shown.id}")
        with count_queries() as counter:
            assert client.get(f"/podnety/{shown.id}").status_code == 200
        counts.append(counter["n"])
    assert counts[1] <= counts[0] + 1
