"""Agreement events (and, once projects exist, project events) reach their followers."""

import pytest

from participation.extensions import db
from participation.follows import services as follows
from tests.factories import MunicipalityFactory
from tests.follows.factories import PlainProposalFactory, UserFactory, quick_moderator_of
from tests.notifications.helpers import fire, ids

agreements = pytest.importorskip("tests.agreements.factories")


def test_agreement_status_change_reaches_its_followers(app):
    from participation.agreements.models import AgreementStatus

    town = MunicipalityFactory()
    moderator = quick_moderator_of(town)
    agreement = agreements.AgreementFactory(status=AgreementStatus.NEGOTIATION, municipalities=[town])
    follower, bystander = UserFactory(), UserFactory()
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
    follower = UserFactory()
    from participation.follows.models import Follow

    db.session.add_all([Follow(user_id=follower.id, agreement_id=agreement.id),
                        Follow(user_id=moderator.id, agreement_id=agreement.id)])
    db.session.commit()
    _, heard = fire("agreement.status_changed", "agreement", agreement.id, None, to_status="draft")
    assert heard == ids(moderator)


def test_tied_to_agreement_reaches_proposal_followers_with_the_agreement_title(app, client, login):
    author = UserFactory()
    proposal = PlainProposalFactory(author=author)
    follower = UserFactory(locale="en")
    follows.follow(follower, proposal)
    _, heard = fire("proposal.tied_to_agreement", "proposal", proposal.id, None,
                    agreement_id=1, agreement_title="Memorandum o optice", note="Shared backbone")
    assert heard == ids(author, follower)
    login(follower)
    html = client.get("/oznameni").get_data(as_text=True)
    assert "was tied to the agreement “Memorandum o optice”." in html
    assert "Shared backbone" in html


def test_agreements_can_be_followed_from_their_page(app, client, login):
    agreement = agreements.AgreementFactory()
    user = UserFactory()
    login(user)
    response = client.post(f"/sledovani/dohoda/{agreement.id}", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="follow-agreement-{agreement.id}"' in response.get_data(as_text=True)
    assert follows.is_following(user, agreement)


@pytest.mark.parametrize("kind, payload", [
    ("project.update", {"update_id": 1}),
    ("project.milestone", {"milestone_id": 1, "title": "Výkopy hotovy", "done_on": "2026-11-01"}),
    ("project.status_changed", {"from_status": "tendering", "to_status": "building"}),
    ("project.done", {"title": "x"}),
])
def test_project_news_reaches_its_followers_and_those_of_linked_proposals(app, kind, payload):
    projects = pytest.importorskip("tests.projects.factories")
    from participation.projects.models import ProjectProposal

    project = projects.ProjectFactory()
    linked = PlainProposalFactory()
    unlinked = PlainProposalFactory()
    db.session.add(ProjectProposal(project_id=project.id, proposal_id=linked.id))
    db.session.commit()
    of_project, of_linked, of_unlinked = UserFactory(), UserFactory(), UserFactory()
    follows.follow(of_project, project)
    follows.follow(of_linked, linked)
    follows.follow(of_unlinked, unlinked)
    _, heard = fire(kind, "project", project.id, None, **payload)
    assert heard == ids(of_project, of_linked)


def test_linking_a_proposal_to_a_project_reaches_its_people(app, client, login):
    author = UserFactory()
    proposal = PlainProposalFactory(author=author)
    follower = UserFactory(locale="en")
    follows.follow(follower, proposal)
    _, heard = fire("proposal.linked_to_project", "proposal", proposal.id, None, project_id=1,
                    project_title="Páteřní optika", note="Phase one")
    assert heard == ids(author, follower)
    login(follower)
    assert "is now part of the project “Páteřní optika”." in client.get("/oznameni").get_data(as_text=True)
