"""A hidden proposal or comment disappears from every page, fragment and export that lists it.

The hidden proposal was tied to an agreement, linked to a project and a good
practice, followed, commented on and announced to followers before a
moderator hid it. Every GET route of the app is then read (filled with the ids
around it) by a visitor and by a resident who follows everything, and none
may show its title or the hidden comment's text.
"""

import pytest
from flask import current_app
from sqlalchemy import select

from participation.agreements import services as agreements
from participation.agreements.models import Agreement
from participation.comments import services as comments
from participation.core import cli
from participation.extensions import db
from participation.follows import services as follows
from participation.good_practice.models import GoodPractice
from participation.moderation import services as moderation
from participation.moderation.items import comment_item, proposal_item
from participation.moderation.models import ReportReason
from participation.notifications.dispatch import dispatch_pending
from participation.projects import services as projects
from participation.projects.models import Project
from participation.territory.models import GroupingMembership
from tests.factories import UserFactory, administrator
from tests.proposals.factories import ProposalFactory
from tests.security.routes import SKIPPED_ENDPOINTS, fill, real_values

SECRET_TITLE = "Tajemstvi-skryteho-podnetu"
SECRET_COMMENT = "Tajemstvi-skryteho-komentare"


def _world():
    """The seeded demo data plus one proposal and one comment, linked everywhere, then hidden."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        cli._seed_all({"logins": []})
    agreement = db.session.scalars(select(Agreement).order_by(Agreement.id)).first()
    municipality = agreement.municipalities[0]
    project = db.session.scalars(select(Project).order_by(Project.id)).first()
    practice = db.session.scalars(select(GoodPractice).order_by(GoodPractice.id)).first()
    admin = administrator(home_municipality=municipality)
    follower = UserFactory(home_municipality=municipality)
    author = UserFactory(home_municipality=municipality)
    hidden = ProposalFactory(title=SECRET_TITLE, body=SECRET_TITLE, author=author, municipalities=[municipality])
    visible = ProposalFactory(title="Viditelny podnet", author=author, municipalities=[municipality])
    for subject in (hidden, visible, agreement, project, municipality):
        follows.follow(follower, subject)
    agreements.tie_proposal(admin, agreement, hidden, f"Souvisí: {SECRET_TITLE}")
    projects.link_proposal(admin, project, hidden, "Souvisí")
    practice.proposals.append(hidden)
    comment = comments.create_comment(author, comments.ensure_thread(visible, "proposal"), SECRET_COMMENT)
    db.session.commit()
    dispatch_pending()
    moderation.hide(admin, proposal_item(hidden), ReportReason.SPAM, "")
    moderation.hide(admin, comment_item(comment), ReportReason.SPAM, "")
    dispatch_pending()
    grouping_id = db.session.scalar(select(GroupingMembership.grouping_id)
                                     .where(GroupingMembership.municipality_id == municipality.id).limit(1))
    ids = real_values()
    ids.update(proposal_id=str(visible.id), agreement_id=str(agreement.id), project_id=str(project.id),
               practice_id=str(practice.id), code=municipality.code, comment_id=str(comment.id),
               thread_id=str(visible.thread_id))
    if grouping_id is not None:
        ids["grouping_id"] = str(grouping_id)
    return follower, hidden, ids


@pytest.mark.parametrize("role", ["visitor", "follower"])
def test_hidden_items_appear_on_no_page(app, client, login, role):
    follower, hidden, ids = _world()
    if role == "follower":
        login(follower)
    leaks = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        for values in (ids, {**ids, "proposal_id": str(hidden.id)}):
            path = fill(rule, values)
            for headers in ({}, {"HX-Request": "true"}):
                page = client.get(path, headers=headers).get_data()
                if SECRET_TITLE.encode() in page or SECRET_COMMENT.encode() in page:
                    leaks.append(f"{path} {'(htmx)' if headers else ''}")
            if "<int:proposal_id>" not in rule.rule:
                break
    assert not leaks, "hidden text shown on:\n" + "\n".join(sorted(set(leaks)))


