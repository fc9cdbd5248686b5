"""Writing proposals and supporting are rate limited per account."""

from tests.factories import MunicipalityFactory, UserFactory, sign_in_token

from .factories import ProposalFactory


def test_supports_and_new_proposals_are_rate_limited(limited_app):
    home = MunicipalityFactory()
    user = UserFactory(home_municipality=home)
    proposal = ProposalFactory(municipalities=[home])
    browser = limited_app(RATELIMIT_SUPPORT="3 per minute", RATELIMIT_WRITE="2 per minute").test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = sign_in_token(user)
        session["_fresh"] = True
    codes = [browser.post(f"/podnety/{proposal.id}/podpora").status_code for _ in range(4)]
    assert codes == [303, 303, 303, 429]
    form = {"title": "x", "body": "", "category": "transport"}
    codes = [browser.post("/podnety/novy", data=form).status_code for _ in range(3)]
    assert codes == [422, 422, 429]
    assert browser.get("/podnety/novy").status_code == 200  # showing the form is not limited
