"""The demo resident's My Spolu has something in "What I support", once."""

from sqlalchemy import func, select

from participation.accounts.models import User
from participation.extensions import db
from participation.proposals.models import Support
from participation.workspaces import seed as workspaces_seed


def _resident_supports():
    resident = db.session.scalar(select(User).where(User.email == workspaces_seed.DEMO_RESIDENT))
    return db.session.scalar(select(func.count()).select_from(Support).where(Support.user_id == resident.id))


def test_seed_without_demo_data_does_nothing(app):
    workspaces_seed.seed({"logins": []})
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0


def test_demo_resident_supports_two_proposals_once(app):
    from participation.admin import seed as admin_seed
    from participation.proposals import seed as proposals_seed
    from participation.territory import seed as territory_seed

    context = {"logins": []}
    for module in (territory_seed, admin_seed, proposals_seed):
        module.seed(context)
    workspaces_seed.seed(context)
    assert _resident_supports() == workspaces_seed.SUPPORTS
    workspaces_seed.seed(context)
    assert _resident_supports() == workspaces_seed.SUPPORTS


def test_demo_moderator_gets_answer_templates_once(app):
    from participation.admin import seed as admin_seed
    from participation.territory import seed as territory_seed
    from participation.workspaces.models import AnswerTemplate

    context = {"logins": []}
    for module in (territory_seed, admin_seed):
        module.seed(context)
    workspaces_seed.seed(context)
    workspaces_seed.seed(context)
    titles = db.session.scalars(select(AnswerTemplate.title)).all()
    assert sorted(titles) == sorted(title for title, _body in workspaces_seed.ANSWER_TEMPLATES)
