"""Agreement events (and, once projects exist, project events) reach their followers."""

import pytest

from participation.extensions import db
from participation.follows import services as follows
from tests.factories import MunicipalityFactory
from tests.follows.factories import PlainProposalFactory, QuickUserFactory, quick_moderator_of
from tests.notifications.helpers import fire, ids

agreements = pytest.importorskip("tests.agreements.factories")


def test_agreement_status_change_reaches_its_followers(app):
    from participation.agreements.models import AgreementStatus

    town = MunicipalityFactory()
    moderator = quick_moderator_of(town)
    agreement = agreements.AgreementFactory(status=AgreementStatus.NEGOTIATION, municipalities=[town])
    follower, bystander = QuickUserFactory(), QuickUserFactory()
    follows.follow(follower, agreement)
    _, heard = fire("agreement.status_changed", "agreement", agreement.id, moderator,
                    from_status="negotiation", to_status="signed")
    assert heard == ids(follower)
    assert bystander.id not in heard


def test_draft_agreement_news_reaches_only_staff_in_scope(app):
    from participation.agreements.models import AgreementStatus

    town = MunicipalityFactory()
    moderator = quick_moderator_of(town)
    agreement = agreements.AgreementFactory(status=AgreementStatus.DRAFT, municipalities=[town])
    follower = QuickUserFactory()
    from participation.follows.models import Follow

    db.session.add_all([Follow(user_id=follower.id, agreement_id=agreement.id),
                        Follow(user_id=moderator.id, agreement_id=agreement.id)])
    db.session.commit()
    _, heard = fire("agreement.status_changed", "agreement", agreement.id, None, to_status="draft")
    assert heard == ids(moderator)


def test_tied_to_agreement_reaches_proposal_followers_with_the_agreement_title(app, client, login):
    author = QuickUserFactory()
    proposal = PlainProposalFactory(author=author)
    follower = QuickUserFactory(locale="en")
    follows.follow(follower, proposal)
    _, heard = fire("proposal.tied_to_agreement", "proposal", proposal.id, None,
                    agreement_id=1, agreement_title="Memorandum o optice", note="Shared backbone")
    assert heard == ids(author, follower)
    login(follower)
    html = client.get("/notifications").get_data(as_text=True)
    assert "was tied to the agreement “Memorandum o optice”." in html
    assert "Shared backbone" in html


def test_agreements_can_be_followed_from_their_page(app, client, login):
    agreement = agreements.AgreementFactory()
    user = QuickUserFactory()
    login(user)
    response = client.post(f"/follows/agreement/{agreement.id}", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="follow-agreement-{agreement.id}"' in response.get_data(as_text=True)
    assert follows.is_following(user, agreement)
