"""A page of proposals costs the same queries however many groupings its rows name and however many were merged:
at region scale one lazy load per grouping had taken the proposals list from 8 to 27 queries."""

from participation.extensions import db
from participation.proposals.models import ProposalStatus
from tests.factories import GroupingFactory, MunicipalityFactory
from tests.proposals.factories import ProposalFactory


def _proposals(count: int) -> None:
    place = MunicipalityFactory()
    survivor = ProposalFactory(municipalities=[place])
    for n in range(count):
        grouping = GroupingFactory(members=[place])
        merged = n % 2 == 0
        ProposalFactory(municipalities=[place], grouping=grouping,
                        status=ProposalStatus.MERGED if merged else ProposalStatus.PUBLISHED,
                        merged_into_id=survivor.id if merged else None)


def _queries(client, count_queries, path: str) -> int:
    db.session.expire_all()
    with count_queries() as counter:
        response = client.get(path)
        response.get_data()  # a CSV streams: count its batches too
    assert response.status_code == 200
    return counter["n"]


def test_the_api_list_and_the_csv_cost_the_same_with_two_or_eight_groupings(client, count_queries, app):
    _proposals(2)
    few = (_queries(client, count_queries, "/api/v1/proposals?limit=50"),
           _queries(client, count_queries, "/otevrena-data/podnety.csv"))
    _proposals(6)
    many = (_queries(client, count_queries, "/api/v1/proposals?limit=50"),
            _queries(client, count_queries, "/otevrena-data/podnety.csv"))
    assert few == many
