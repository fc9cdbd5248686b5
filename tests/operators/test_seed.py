"""Demo data: an operator with a staff account and declarations, one disputed; the backbone connects Parník."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.localities.models import ConnectionStatus, Locality, LocalityProposal, ProjectLocality
from participation.operators import seed as operators_seed
from participation.operators.models import Declaration, DeclarationState, Operator


def test_seed_without_demo_data_does_nothing(app):
    operators_seed.seed({"logins": []})
    assert db.session.scalar(select(func.count(Operator.id))) == 0


def test_demo_operator_declares_once_with_one_dispute(app):
    from participation.admin import seed as admin_seed
    from participation.agreements import seed as agreements_seed
    from participation.localities import seed as localities_seed
    from participation.projects import seed as projects_seed
    from participation.proposals import seed as proposals_seed
    from participation.territory import seed as territory_seed

    context = {"logins": []}
    for module in (territory_seed, admin_seed, proposals_seed, agreements_seed, projects_seed, localities_seed,
                   operators_seed, localities_seed, operators_seed):
        module.seed(context)
    assert db.session.scalar(select(func.count(Operator.id))) == 1
    states = list(db.session.scalars(select(Declaration.state)))
    assert len(states) == 4 and states.count(DeclarationState.DISPUTED) == 1
    assert db.session.scalar(select(func.count(ProjectLocality.id))) == 3
    parnik = db.session.scalar(select(Locality).where(Locality.name == "Parník"))
    assert parnik.status == ConnectionStatus.GIGABIT
    # The demo's whole chain on a hamlet: reports, the backbone's proposals naming it, connected by the backbone.
    hamlet = db.session.scalar(select(Locality).where(Locality.name == "Dolní Houžovec"))
    assert hamlet.status == ConnectionStatus.GIGABIT and hamlet.report_count == 3
    assert db.session.scalar(select(func.count(LocalityProposal.id)).where(
        LocalityProposal.locality_id == hamlet.id)) >= 1
    assert "operator (Orlicko Net s.r.o.): operator@example.cz" in context["logins"]
