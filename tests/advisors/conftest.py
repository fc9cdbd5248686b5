"""The localities' territory plus advisors: an energy manager serving the grouping (its two members), a BCO
expert serving the municipality outside it, an energy coordinator for the region, and a proposal in the first
municipality."""

import pytest

from participation.advisors.models import AdvisorField
from tests.advisors.factories import AdvisorFactory, coordinator_of
from tests.localities.conftest import residents, world  # noqa: F401  (fixtures used here)
from tests.proposals.factories import ProposalFactory


@pytest.fixture
def advisors(world):  # noqa: F811
    energy = AdvisorFactory(user__display_name="Eva Energetická", groupings=[world["grouping"]])
    ict = AdvisorFactory(user__display_name="Ivan Síťový", field=AdvisorField.ICT, organisation="BCO kraje",
                         network="BCO", municipalities=[world["c"]])
    return {"energy": energy, "ict": ict,
            "coordinator": coordinator_of(AdvisorField.ENERGY, world["region"], locale="en",
                                          display_name="Karel Koordinátor"),
            "proposal": ProposalFactory(title="Veřejné osvětlení LED", municipalities=[world["a"]],
                                        author=world["resident"])}


@pytest.fixture
def english(app):
    """A request in English, so that refusals read as written in the code."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield
