"""Two municipalities in a grouping and one outside, with proposals, projects and localities that have places."""

from datetime import timedelta

import pytest

from participation.common.models import utcnow
from participation.localities import reports
from participation.proposals.models import ProposalStatus
from tests.factories import GroupingFactory, MunicipalityFactory, RegionFactory, UserFactory
from tests.localities.factories import LocalityFactory, report_data
from tests.projects.factories import ProjectFactory
from tests.proposals.factories import DraftFactory, ProposalFactory

ROUTE = '{"type":"LineString","coordinates":[[16.352,49.9443],[16.3861,49.9511],[16.4214,49.9594]]}'


@pytest.fixture
def places(app):
    region = RegionFactory()
    a, b, c = (MunicipalityFactory(region=region, name=name) for name in ("Česká Třebová", "Rybník", "Králíky"))
    grouping = GroupingFactory(name="Mikroregion Orlicko-Třebovsko", members=[a, b])
    located = dict(latitude=49.9443, longitude=16.3520)
    world = {
        "a": a, "b": b, "c": c, "grouping": grouping,
        "proposal": ProposalFactory(title="Optika pro Rybník", municipalities=[a, b], **located),
        "proposal_c": ProposalFactory(title="Chodník v Králíkách", municipalities=[c], latitude=50.08, longitude=16.76),
        "unplaced": ProposalFactory(title="Podnět bez místa", municipalities=[a]),
        "draft": DraftFactory(title="Rozepsaný podnět", municipalities=[a], **located),
        "hidden": ProposalFactory(title="Skrytý podnět o skládce", municipalities=[a], hidden_at=utcnow(), **located),
        "withdrawn": ProposalFactory(title="Stažený podnět", municipalities=[a], status=ProposalStatus.WITHDRAWN,
                                     withdrawn_at=utcnow(), **located),
        "project": ProjectFactory(title="Páteřní síť Třebovsko", municipalities=[a, b], route=ROUTE, **located),
        "project_c": ProjectFactory(title="Sběrný dvůr Králíky", municipalities=[c], latitude=50.08, longitude=16.76),
        "unplaced_project": ProjectFactory(title="Projekt bez místa", municipalities=[a]),
        "hamlet": LocalityFactory(municipality=a, name="Parník", latitude=49.93, longitude=16.37),
        "village": LocalityFactory(municipality=b, name="Horní Rybník", latitude=49.95, longitude=16.40),
        "unplaced_locality": LocalityFactory(municipality=a, name="Lhotka"),
    }
    return world


@pytest.fixture
def reported(places):
    """Three residents reported for the village: its status is known, the hamlet's is not."""
    for n in range(3):
        person = UserFactory(home_municipality=places["b"])
        reports.submit_report(person, places["village"], report_data("dsl", download=20.0),
                              now=utcnow() - timedelta(minutes=5 + n))
    reports.submit_report(UserFactory(home_municipality=places["a"]), places["hamlet"], report_data("fibre", 1000.0),
                          now=utcnow() - timedelta(minutes=5))
    return places
