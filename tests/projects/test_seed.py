"""The demo seed walks the chain and adds nothing twice."""

from sqlalchemy import func, select

from participation.admin import seed as admin_seed
from participation.agreements import seed as agreements_seed
from participation.agreements.models import Agreement, AgreementProposal
from participation.extensions import db
from participation.projects import seed as projects_seed
from participation.projects.models import Project, ProjectProposal
from participation.proposals.models import Category, ProposalStatus
from participation.territory import seed as territory_seed
from participation.territory.models import Municipality
from tests.agreements.factories import ProposalFactory


def _seed_all(context):
    for module in (territory_seed, admin_seed, agreements_seed, projects_seed):
        module.seed(context)


def test_seed_ties_demo_proposals_and_is_idempotent(app):
    context = {"logins": []}
    territory_seed.seed(context)
    by_name = {m.name: m for m in db.session.scalars(select(Municipality))}
    broadband = ProposalFactory(category=Category.BROADBAND, municipalities=[by_name["Rybník"]])
    waste = ProposalFactory(category=Category.WASTE, municipalities=[by_name["Tatenice"]])
    _seed_all(context)
    _seed_all(context)
    assert db.session.scalar(select(func.count(Agreement.id))) == 3
    assert db.session.scalar(select(func.count(Project.id))) == 3
    assert db.session.scalar(select(func.count(AgreementProposal.id))) == 2
    assert db.session.scalar(select(func.count(ProjectProposal.id))) == 2
    db.session.refresh(broadband)
    db.session.refresh(waste)
    assert broadband.status == ProposalStatus.IN_PROGRESS
    assert waste.status == ProposalStatus.SOLVED


def test_seed_without_proposals_skips_gracefully(app):
    context = {"logins": []}
    _seed_all(context)
    assert db.session.scalar(select(func.count(Project.id))) == 3
    assert db.session.scalar(select(func.count(ProjectProposal.id))) == 0
