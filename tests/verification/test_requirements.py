"""What verification opens: consultations for verified residents, and supports when the setting asks for it."""

import pytest

from participation.consultations.models import Eligibility
from participation.extensions import db
from participation.verification import residency
from tests.consultations.factories import make_consultation
from tests.factories import MunicipalityFactory, UserFactory, moderator_of
from tests.proposals.factories import ProposalFactory


def test_a_letter_code_opens_a_consultation_for_verified_residents(client, login, app):
    consultation = make_consultation(phase="open", eligibility=Eligibility.VERIFIED_RESIDENTS)
    home = consultation.municipalities[0]
    resident = UserFactory(home_municipality=home)
    with app.test_request_context("/"):
        _batch, codes = residency.make_letter_batch(moderator_of(home), home, 1)
    login(resident)
    before = client.get(f"/konzultace/{consultation.id}").get_data(as_text=True)
    assert 'id="why-not"' in before and 'href="/overeni-bydliste"' in before
    assert client.post("/overeni-bydliste/kod", data={"letter-code": codes[0]}).status_code in (302, 303)
    after = client.get(f"/konzultace/{consultation.id}").get_data(as_text=True)
    assert 'id="why-not"' not in after


@pytest.fixture
def proposal(app):
    return ProposalFactory(municipalities=[MunicipalityFactory()])


def test_supports_need_verification_only_when_the_setting_asks(app, client, login, proposal):
    resident = UserFactory(home_municipality=proposal.municipalities[0])
    login(resident)
    app.config["SUPPORT_REQUIRES_VERIFICATION"] = True
    try:
        page = client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
        assert f'id="proposal-{proposal.id}-verify"' in page and 'href="/overeni-bydliste"' in page
        assert client.post(f"/podnety/{proposal.id}/podpora").status_code == 403
        resident.residency_verified_at = resident.created_at
        db.session.commit()
        assert client.post(f"/podnety/{proposal.id}/podpora").status_code in (302, 303)
    finally:
        app.config["SUPPORT_REQUIRES_VERIFICATION"] = False
    other = UserFactory(home_municipality=proposal.municipalities[0])
    login(other)
    assert client.post(f"/podnety/{proposal.id}/podpora").status_code in (302, 303)
