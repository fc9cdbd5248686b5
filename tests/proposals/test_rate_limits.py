"""Writing proposals and supporting are rate limited per account."""

from config import TestConfig
from participation import create_app
from participation.extensions import db, limiter
from tests.factories import MunicipalityFactory, UserFactory, sign_in_token

from .factories import ProposalFactory


def test_supports_and_new_proposals_are_rate_limited(app, database_url, tmp_path, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    home = MunicipalityFactory()
    user = UserFactory(home_municipality=home)
    proposal = ProposalFactory(municipalities=[home])

    class Limited(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        INSTANCE_DIR = str(tmp_path)
        RATELIMIT_ENABLED = True
        RATELIMIT_STORAGE_URI = "memory://"
        RATELIMIT_SUPPORT = "3 per minute"
        RATELIMIT_WRITE = "2 per minute"

    limited = create_app(Limited)
    try:
        with limited.app_context():
            limiter.reset()
            browser = limited.test_client()
            with browser.session_transaction() as session:
                session["_user_id"] = sign_in_token(user)
                session["_fresh"] = True
            codes = [browser.post(f"/proposals/{proposal.id}/support").status_code for _ in range(4)]
            assert codes == [303, 303, 303, 429]
            form = {"title": "x", "body": "", "category": "transport"}
            codes = [browser.post("/proposals/new", data=form).status_code for _ in range(3)]
            assert codes == [422, 422, 429]
            assert browser.get("/proposals/new").status_code == 200  # showing the form is not limited
            db.session.remove()
            db.engine.dispose()
    finally:
        limiter.reset()
