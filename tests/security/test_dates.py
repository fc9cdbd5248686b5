"""Dates far outside any sensible range get a message next to the field, never a 500."""

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from participation.consultations.models import Consultation
from participation.extensions import db
from tests.factories import GroupingFactory, MunicipalityFactory, representative_of


@pytest.mark.parametrize("opens_at", ["0001-01-01T00:00", "9999-12-31T23:59", "1066-10-14T09:00"])
def test_a_consultation_opening_outside_the_sensible_range_is_refused_next_to_the_field(client, login, opens_at):
    a = MunicipalityFactory(name="Lhota")
    grouping = GroupingFactory(members=[a])
    login(representative_of(grouping))
    response = client.post(f"/konzultace/nova?grouping={grouping.id}", data=MultiDict({
        "title": "Svoz bioodpadu", "introduction": "Úvod", "municipalities": [str(a.id)],
        "opens_at": opens_at, "closes_at": "9999-12-31T23:59", "eligibility": "residents",
        "results_visibility": "after_closing"}))
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 422)
    assert "1900" in page and "2199" in page
    assert opens_at in page  # what was typed is kept
    assert db.session.scalar(select(func.count(Consultation.id))) == 0
