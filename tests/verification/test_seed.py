"""The demo seed: verified residents with their record, paper participants, a register and a letter code."""

from sqlalchemy import func, select

from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.models import Support, SupportSource
from participation.verification import seed
from participation.verification.models import PaperParticipant, RegisterEntry, ResidencyVerification
from tests.factories import MunicipalityFactory, UserFactory, moderator_of
from tests.proposals.factories import ProposalFactory


def test_the_demo_seed_adds_verified_residents_and_paper_participants_once(app):
    town = MunicipalityFactory(name="Česká Třebová")
    moderator_of(town)
    ProposalFactory(municipalities=[town])
    UserFactory.create_batch(3, home_municipality=town, residency_verified_at=utcnow())
    context = {"logins": []}
    with app.test_request_context("/"):
        seed.seed(context)
        seed.seed(context)
    assert db.session.scalar(select(func.count(ResidencyVerification.id))) == 3
    assert db.session.scalar(select(func.count(PaperParticipant.id))) == 4
    assert db.session.scalar(select(func.count(Support.id)).where(Support.source == SupportSource.PAPER)) == 4
    assert db.session.scalar(select(func.count(RegisterEntry.id))) == 5
    assert "letter code" in context["logins"][-1]
