"""The public response-times page and the figures on municipality and grouping pages."""

from datetime import timedelta

from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.models import OfficialAnswer
from tests.chart_reading import read_chart
from tests.factories import GroupingFactory, MunicipalityFactory, RegionFactory
from tests.proposals.factories import ProposalFactory


def _answered(municipalities, days):
    published = utcnow() - timedelta(days=20)
    made = ProposalFactory(municipalities=municipalities, published_at=published)
    db.session.add(OfficialAnswer(proposal_id=made.id, body="Odpověď", created_at=published + timedelta(days=days),
                                  municipality_id=municipalities[0].id))
    db.session.commit()
    return made


def _world(size: int):
    """`size` municipalities in one grouping, each with one answered and one unanswered proposal."""
    region = RegionFactory()
    towns = [MunicipalityFactory(region=region) for _ in range(size)]
    grouping = GroupingFactory(members=towns)
    for n, town in enumerate(towns):
        _answered([town, towns[(n + 1) % size]], n + 1)
        ProposalFactory(municipalities=[town], published_at=utcnow() - timedelta(days=3))
    return towns, grouping


def test_public_page_lists_municipalities_and_groupings(client):
    towns, grouping = _world(2)
    response = client.get("/statistiky/odezva")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert towns[0].name in page and grouping.name in page
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page
    assert 'tabindex="0" role="region"' in page
    assert page.count("<h1") == 1


def test_public_page_draws_median_days_as_a_chart_that_fits_a_phone(client):
    towns, grouping = _world(2)
    client.set_cookie("lang", "en")
    page = client.get("/statistiky/odezva").get_data(as_text=True)
    rows = {label: (figure, width) for label, figure, width in read_chart(page, "response-times-municipalities-chart")}
    assert rows[towns[0].name][1] == 50.0 and rows[towns[1].name][1] == 100.0  # one day against the other's two
    assert rows[towns[0].name][0].startswith("1, ") and rows[towns[0].name][0].endswith("% answered")
    assert read_chart(page, "response-times-groupings-chart")[0][0] == grouping.name


def test_public_page_with_no_data(client):
    response = client.get("/statistiky/odezva")
    assert response.status_code == 200


def test_footer_links_to_the_page(client):
    MunicipalityFactory()
    page = client.get("/obce").get_data(as_text=True)
    assert 'href="/statistiky/odezva"' in page


def test_municipality_page_shows_its_figures(client):
    town = MunicipalityFactory()
    for days in (1, 3, 8):
        _answered([town], days)
    page = client.get(f"/obce/{town.code}").get_data(as_text=True)
    assert f'id="municipality-{town.id}-response-times"' in page
    assert "3 z 3" in page or "3 of 3" in page  # answered of proposals
    empty = MunicipalityFactory()
    assert client.get(f"/obce/{empty.code}").status_code == 200


def test_grouping_page_shows_its_figures(client):
    towns, grouping = _world(2)
    page = client.get(f"/seskupeni/{grouping.id}").get_data(as_text=True)
    assert f'id="grouping-{grouping.id}-response-times"' in page
    assert "/prehled" not in page  # the dashboard link only for those who may see it


def _count(client, count_queries, url):
    db.session.expunge_all()  # nothing from the fixture's identity map: count as in production
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter["n"]


def test_query_counts_do_not_grow_with_data(client, count_queries):
    towns, grouping = _world(2)
    more_towns, more_grouping = _world(20)
    small_urls = ["/statistiky/odezva", f"/obce/{towns[0].code}", f"/seskupeni/{grouping.id}"]
    large_urls = ["/statistiky/odezva", f"/obce/{more_towns[0].code}", f"/seskupeni/{more_grouping.id}"]
    small = [_count(client, count_queries, url) for url in small_urls]
    large = [_count(client, count_queries, url) for url in large_urls]
    print("query counts", small, large)
    assert small == large
    assert small[0] == 2  # one statement per table
