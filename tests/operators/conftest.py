"""The localities' territory plus two operators: one working in the grouping's first municipality, one elsewhere."""

from datetime import timedelta

import pytest

from participation.common.models import utcnow
from participation.localities import reports
from tests.localities.conftest import residents, world  # noqa: F401  (fixtures used here)
from tests.localities.factories import report_data
from tests.operators.factories import OperatorFactory, staff_of


@pytest.fixture
def operators(world):  # noqa: F811
    net = OperatorFactory(name="Orlicko Net s.r.o.", company_number="00064581", municipalities=[world["a"]])
    far = OperatorFactory(name="Kralicky Wifi s.r.o.", company_number="25596641", municipalities=[world["c"]])
    return {"net": net, "far": far,
            "staff": staff_of(net, locale="en", display_name="Pavel Operátor"),
            "staff_far": staff_of(far, locale="en")}


@pytest.fixture
def reported(world, residents):  # noqa: F811
    """The hamlet with three residents' DSL reports of 20 Mbit/s (unserved), sent an hour ago."""
    for person in residents[:3]:
        reports.submit_report(person, world["hamlet"], report_data("dsl", 20, 2), now=utcnow() - timedelta(hours=1))
    return world["hamlet"]


@pytest.fixture
def english(app):
    """A request in English, so that refusals read as written in the code."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield
