"""Public municipality and grouping pages: search, detail, pagination, query counts."""

import pytest

from participation.extensions import db
from participation.territory.models import GroupingMembership
from tests.factories import GroupingFactory, MunicipalityFactory, RegionFactory


@pytest.fixture
def region():
    return RegionFactory(name="Pardubický kraj")


def test_list_shows_municipalities_with_population(client, region):
    MunicipalityFactory(name="Česká Třebová", code="579025", population=15300, region=region)
    response = client.get("/obce")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Česká Třebová" in html
    assert "15\xa0300" in html or "15 300" in html
    assert 'href="/obce/579025"' in html


@pytest.mark.parametrize("query", ["ceska", "ČESKÁ", "třeb", "TREBOVA", "česká třebová"])
def test_search_ignores_case_and_diacritics(client, region, query):
    MunicipalityFactory(name="Česká Třebová", code="579025", region=region)
    MunicipalityFactory(name="Choceň", code="579939", region=region)
    html = client.get("/obce", query_string={"q": query}).get_data(as_text=True)
    assert "Česká Třebová" in html
    assert "Choceň" not in html


def test_search_by_code_prefix_and_full_code_redirects(client, region):
    MunicipalityFactory(name="Česká Třebová", code="579025", region=region)
    MunicipalityFactory(name="Choceň", code="579939", region=region)
    html = client.get("/obce?q=579").get_data(as_text=True)
    assert "Česká Třebová" in html and "Choceň" in html
    response = client.get("/obce?q=579939")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/obce/579939")


def test_search_with_wildcards_and_nonsense_is_safe(client, region):
    MunicipalityFactory(name="Choceň", region=region)
    for query in ["%", "_", "' OR 1=1 --", "x" * 500, "\\"]:
        response = client.get("/obce", query_string={"q": query})
        assert response.status_code == 200
        assert "Choceň" not in response.get_data(as_text=True)


def test_no_match_says_so(client, region):
    client.set_cookie("lang", "en")
    html = client.get("/obce?q=nowhere").get_data(as_text=True)
    assert "No municipality matches" in html


def test_list_is_paginated_and_bad_page_numbers_fall_back(app, client, region):
    for n in range(app.config["PER_PAGE"] + 5):
        MunicipalityFactory(name=f"Obec {n:02d}", region=region)
    first = client.get("/obce").get_data(as_text=True)
    assert "Obec 00" in first and "Obec 24" not in first
    assert 'rel="next"' in first
    second = client.get("/obce?page=2").get_data(as_text=True)
    assert "Obec 24" in second and "Obec 00" not in second
    for bad in ["abc", "-1", "0", "99999999999"]:
        assert client.get(f"/obce?page={bad}").status_code == 200
    beyond = client.get("/obce?page=50")
    assert beyond.status_code == 200 and "Obec 00" not in beyond.get_data(as_text=True)


def test_htmx_search_returns_the_fragment(client, region):
    MunicipalityFactory(name="Choceň", region=region)
    response = client.get("/obce?q=chocen", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith('<section id="municipality-results"')
    assert "<html" not in html
    assert "Choceň" in html


def test_home_page_form_targets_the_municipality_list(client):
    html = client.get("/").get_data(as_text=True)
    assert 'action="/obce"' in html
    assert 'name="q"' in html


def test_municipality_page_shows_facts_and_groupings(client, region):
    town = MunicipalityFactory(name="Česká Třebová", code="579025", population=15300, region=region)
    dso = GroupingFactory(name="Mikroregion Orlicko-Třebovsko", members=[town])
    former = GroupingFactory(name="Bývalý svazek", members=[town])
    membership = db.session.query(GroupingMembership).filter_by(grouping_id=former.id).one()
    from datetime import date

    membership.left_on = date(2024, 1, 1)
    db.session.commit()
    response = client.get("/obce/579025")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Česká Třebová</h1>" in html
    assert "Pardubický kraj" in html
    assert f'href="/seskupeni/{dso.id}"' in html
    assert "Bývalý svazek" not in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("code", ["000000", "abc", "12345", "1234567", "57902%"])
def test_unknown_or_malformed_municipality_code_is_404(client, code):
    assert client.get(f"/obce/{code}").status_code == 404


def test_grouping_page_lists_current_members_with_population(client, region):
    a = MunicipalityFactory(name="Libchavy", population=1700, region=region)
    b = MunicipalityFactory(name="Semanín", population=580, region=region)
    outsider = MunicipalityFactory(name="Choceň", region=region)
    grouping = GroupingFactory(
        name="MAS ORLICKO", members=[a, b], threshold_municipalities=4,
        threshold_min_supporters=12, region=region,
    )
    assert outsider
    client.set_cookie("lang", "en")
    html = client.get(f"/seskupeni/{grouping.id}").get_data(as_text=True)
    assert "<h1>MAS ORLICKO</h1>" in html
    assert "Libchavy" in html and "Semanín" in html and "Choceň" not in html
    assert "2,280" in html  # total population
    assert "at least 4 member municipalities" in html
    assert "at least 12 residents" in html
    assert "2 member municipalities" in html


def test_grouping_list_and_unknown_grouping(client, region):
    grouping = GroupingFactory(name="Svazek obcí Lanškrounsko")
    assert "Svazek obcí Lanškrounsko" in client.get("/seskupeni").get_data(as_text=True)
    assert "Lanškrounsko" in client.get("/seskupeni?q=lanskroun").get_data(as_text=True)
    assert client.get(f"/seskupeni/{grouping.id + 100}").status_code == 404
    assert client.get("/seskupeni/abc").status_code == 404


def test_pages_include_other_domains_sections(app, client, region):
    """The hooks are there for other domains: a missing include is simply skipped."""
    source = app.jinja_env.loader.get_source(app.jinja_env, "territory/municipality.html")[0]
    for domain in ("proposals", "agreements", "projects", "consultations", "stats"):
        assert f'"{domain}/_municipality_section.html" ignore missing' in source
    source = app.jinja_env.loader.get_source(app.jinja_env, "territory/grouping.html")[0]
    for domain in ("proposals", "agreements", "projects", "consultations", "stats"):
        assert f'"{domain}/_grouping_section.html" ignore missing' in source


def test_list_runs_a_fixed_number_of_queries(client, region, count_queries):
    other = RegionFactory()
    for n in range(15):
        MunicipalityFactory(region=region if n % 2 else other)
    with count_queries() as few:
        client.get("/obce")
    for _ in range(15):
        MunicipalityFactory(region=RegionFactory())
    with count_queries() as many:
        client.get("/obce")
    assert many["n"] == few["n"] <= 4


def test_municipality_and_grouping_pages_run_a_fixed_number_of_queries(client, region, count_queries):
    town = MunicipalityFactory(code="579025", region=region)
    members = [MunicipalityFactory(region=region) for _ in range(3)]
    grouping = GroupingFactory(members=[town, *members], region=region)
    GroupingFactory(members=[town])
    with count_queries() as municipality_page:
        assert client.get("/obce/579025").status_code == 200
    with count_queries() as few:
        client.get(f"/seskupeni/{grouping.id}")
    more = [MunicipalityFactory(region=RegionFactory()) for _ in range(10)]
    for m in more:
        db.session.add(GroupingMembership(grouping_id=grouping.id, municipality_id=m.id))
    for _ in range(3):
        GroupingFactory(members=[town])
    db.session.commit()
    with count_queries() as municipality_page_more:
        client.get("/obce/579025")
    with count_queries() as many:
        client.get(f"/seskupeni/{grouping.id}")
    # Each included domain section (proposals, agreements, projects, consultations, ...)
    # adds a fixed few queries; what matters is that the count does not grow with the data.
    # The municipality's page has a shared-infrastructure section too: assets, works, the yearly summary;
    # then the follow button, the embed widget's registered sites and the feed link (19: the consultations' clock once).
    assert municipality_page["n"] == municipality_page_more["n"] <= 19
    assert few["n"] == many["n"] <= 16
