"""Lists are paged by cursor, read at a fixed number of queries whatever the page size, and filtered like the pages."""

import pytest

from participation.extensions import db
from participation.projects.models import Milestone
from participation.proposals.models import Category
from tests.agreements.factories import AgreementFactory
from tests.consultations.factories import make_consultation
from tests.factories import GroupingFactory, MunicipalityFactory
from tests.good_practice.factories import GoodPracticeFactory
from tests.localities.factories import LocalityFactory
from tests.projects.factories import ProjectFactory
from tests.proposals.factories import ProposalFactory, supporters


def _make(kind: str, count: int) -> None:
    """`count` items of a kind, each with the relations its list shows."""
    for n in range(count):
        places = [MunicipalityFactory(), MunicipalityFactory()]
        if kind == "groupings":
            GroupingFactory(members=places)
        elif kind == "proposals":
            proposal = ProposalFactory(municipalities=places, author=None)
            supporters(proposal, places[0], 2)
            supporters(proposal, MunicipalityFactory(), 1)
        elif kind == "agreements":
            AgreementFactory(municipalities=places, groupings=[GroupingFactory()])
        elif kind == "projects":
            project = ProjectFactory(municipalities=places)
            db.session.add(Milestone(project_id=project.id, title=f"Krok {n}"))
            db.session.commit()
        elif kind == "good-practice":
            GoodPracticeFactory(municipalities=places)
        elif kind == "consultations":
            make_consultation(municipalities=places, phase="closed")
        elif kind == "localities":
            LocalityFactory(municipality=places[0])


KINDS = ("municipalities", "groupings", "proposals", "agreements", "projects", "good-practice", "consultations",
         "localities")


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_costs_the_same_queries_whatever_its_size(client, count_queries, kind):
    _make(kind, 6)
    client.get(f"/api/v1/{kind}?limit=1")  # warm up
    counts = []
    for limit in (1, 3, 6):
        db.session.expire_all()
        with count_queries() as counter:
            response = client.get(f"/api/v1/{kind}", query_string={"limit": limit})
        assert response.status_code == 200 and len(response.get_json()["data"]) == limit
        counts.append(counter["n"])
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 6, counter["statements"]


@pytest.mark.parametrize("kind", KINDS)
def test_following_next_links_visits_every_item_once(client, kind):
    _make(kind, 5)
    seen, url = [], f"/api/v1/{kind}?limit=2"
    while url:
        response = client.get(url)
        body = response.get_json()
        assert len(body["data"]) <= 2
        seen += [item["id"] for item in body["data"]]
        url = body["links"]["next"]
        assert (url is None) == (body["meta"]["next_cursor"] is None)
        assert response.headers.get("Link") == (f'<{url}>; rel="next"' if url else None)
    expected = 10 if kind == "municipalities" else 5  # each item above brings two municipalities
    assert len(seen) == len(set(seen)) == expected


def test_filters_narrow_lists_as_the_pages_do(client, world):
    def ids(path):
        return [item["id"] for item in client.get(f"/api/v1/{path}").get_json()["data"]]

    assert ids(f"proposals?municipality={world.neighbour.id}") == [world.proposal.id]
    assert ids(f"proposals?municipality={world.elsewhere.id}") == []
    assert ids(f"proposals?grouping={world.grouping.id}&q=optika") == [world.proposal.id]
    assert ids(f"proposals?category={Category.WATER.value}") == []
    assert ids("proposals?threshold=reached") == []
    assert ids("proposals?sort=supported&status=published") == [world.proposal.id]
    assert ids(f"agreements?grouping={world.grouping.id}&kind=memorandum") == [world.agreement.id]
    assert ids("agreements?status=ended") == []
    assert ids(f"projects?municipality={world.home.id}&status=building") == [world.project.id]
    assert ids(f"projects?municipality={world.elsewhere.id}") == []
    assert ids("good-practice?q=vykop") == [world.practice.id]
    assert ids("good-practice?category=water") == []
    assert ids(f"consultations?state=closed&municipality={world.neighbour.id}") == [world.closed.id]
    assert ids("localities?region=cz-063&status=served") == [world.served.id]
    assert ids("localities?region=CZ-99") == []
    assert ids(f"localities?grouping={world.grouping.id}") == [world.served.id, world.unknown.id]
    assert ids("municipalities?q=ves") == [world.neighbour.id]
    assert ids("groupings?q=lhota") == [world.grouping.id]
