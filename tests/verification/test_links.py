"""The ways in: the municipality page, the proposal's moderation page, the profile, consultations and projects."""

import pytest

from tests.consultations.factories import make_consultation
from tests.factories import MunicipalityFactory, UserFactory, moderator_of, representative_of
from tests.proposals.factories import ProposalFactory


@pytest.fixture
def town(app):
    return MunicipalityFactory(name="Libchavy", code="580376")


@pytest.mark.parametrize("who, shown", [("moderator", True), ("resident", False), ("visitor", False)])
def test_the_municipality_page_links_the_office_pages_for_its_office_only(client, login, town, who, shown):
    if who == "moderator":
        login(moderator_of(town))
    elif who == "resident":
        login(UserFactory(home_municipality=town))
    page = client.get("/obce/580376").get_data(as_text=True)
    assert ('href="/obce/580376/overeni-bydliste"' in page) is shown
    assert ('href="/obce/580376/papirovi-ucastnici"' in page) is shown


def test_the_moderation_page_links_the_desk_the_sheet_and_the_notice(client, login, town):
    proposal = ProposalFactory(municipalities=[town])
    login(moderator_of(town))
    page = client.get(f"/podnety/{proposal.id}/moderovat").get_data(as_text=True)
    for path in ("za-obcana", "podpisovy-arch", "vyveska"):
        assert f'href="/podnety/{proposal.id}/{path}' in page


def test_the_profile_shows_the_residency_and_the_way_to_verify_it(client, login, town):
    login(UserFactory(home_municipality=town))
    page = client.get("/profil").get_data(as_text=True)
    assert 'href="/overeni-bydliste"' in page


def test_a_consultation_links_its_notice_and_the_office_its_questionnaires(client, login):
    consultation = make_consultation(phase="open")
    public = client.get(f"/konzultace/{consultation.id}").get_data(as_text=True)
    assert f'href="/konzultace/{consultation.id}/vyveska"' in public
    assert "/dotaznik" not in public
    login(representative_of(consultation.grouping))
    office = client.get(f"/konzultace/{consultation.id}").get_data(as_text=True)
    assert f'href="/konzultace/{consultation.id}/dotaznik"' in office
