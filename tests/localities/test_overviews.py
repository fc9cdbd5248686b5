"""The overviews per grouping and region: worst first, bars per status, CSV of aggregates, fixed queries."""

from datetime import timedelta

from participation.common.models import utcnow
from participation.localities import reports
from tests.factories import MunicipalityFactory, UserFactory
from tests.localities.factories import LocalityFactory, report_data


def _report(locality, technology, download=None, count=3):
    for _n in range(count):
        person = UserFactory(home_municipality=locality.municipality)
        reports.submit_report(person, locality, report_data(technology, download=download),
                              now=utcnow() - timedelta(minutes=5))


def test_grouping_overview_orders_worst_first_and_counts_dwellings_short_of_gigabit(client, world):
    _report(world["hamlet"], "none")
    fibre = LocalityFactory(municipality=world["b"], name="Dolní Libchavy", dwellings=300)
    _report(fibre, "fibre", 1000)
    client.set_cookie("lang", "en")
    html = client.get(f"/seskupeni/{world['grouping'].id}/pripojeni").get_data(as_text=True)
    assert html.count("<h1") == 1
    assert html.index("Horní Houžovec") < html.index("Dolní Libchavy") < html.index("Knapovec")
    assert "115 dwellings are still short of a gigabit connection" in html  # 25 unserved + 90 unknown
    assert "bar-fill bar-gigabit w-70" in html  # 300 of 415 dwellings
    assert "Vojtíškov" not in html  # not a member
    assert client.get("/seskupeni/999999/pripojeni").status_code == 404


def test_grouping_page_links_to_the_overview(client, world):
    html = client.get(f"/seskupeni/{world['grouping'].id}").get_data(as_text=True)
    assert f"/seskupeni/{world['grouping'].id}/pripojeni" in html


def test_region_overview_and_its_csv(client, world):
    _report(world["elsewhere"], "dsl", 50)
    client.set_cookie("lang", "en")
    html = client.get("/kraje/CZ-X53/pripojeni").get_data(as_text=True)
    assert "Vojtíškov" in html and "Horní Houžovec" in html and "Underserved" in html
    response = client.get("/kraje/CZ-X53/pripojeni.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == ("municipality_code,municipality,locality_code,locality,dwellings,inhabitants,status,"
                        "current_reports,newest_report_on")
    assert lines[1].startswith(f"{world['c'].code},Králíky,,Vojtíškov,15,25,underserved,3,")
    # Below the minimum no evidence is given.
    assert any(line.endswith(",unknown,,") for line in lines)
    assert client.get("/kraje/XX-00/pripojeni").status_code == 404


def test_csv_never_names_a_reporter_and_disarms_formulas(client, world):
    LocalityFactory(municipality=world["a"], name="=HYPERLINK(1)")
    _report(world["hamlet"], "none")
    text = client.get(f"/seskupeni/{world['grouping'].id}/pripojeni.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in text
    assert "@example.cz" not in text and "Obyvatel" not in text


def test_grouping_overview_answers_in_a_fixed_number_of_queries(client, world, count_queries):
    def measure():
        with count_queries() as counter:
            assert client.get(f"/seskupeni/{world['grouping'].id}/pripojeni").status_code == 200
        return counter["n"]

    few = measure()
    for n in range(30):
        LocalityFactory(municipality=world["a" if n % 2 else "b"], name=f"Samota {n}")
    _report(world["hamlet"], "none")
    assert measure() == few
    assert few == 5  # the grouping and its region, the totals per status, the page's count and rows


def test_region_overview_answers_in_a_fixed_number_of_queries(client, world, count_queries):
    def measure():
        with count_queries() as counter:
            assert client.get("/kraje/CZ-X53/pripojeni").status_code == 200
        return counter["n"]

    few = measure()
    for n in range(30):
        municipality = MunicipalityFactory(region=world["region"], name=f"Obec {n}")
        LocalityFactory(municipality=municipality, name=f"Samota {n}")
    _report(world["elsewhere"], "dsl", 50)
    assert measure() == few


def test_municipality_connection_section_answers_in_a_fixed_number_of_queries(client, world, count_queries):
    def measure():
        with count_queries() as counter:
            html = client.get(f"/obce/{world['a'].code}").get_data(as_text=True)
        assert "Horní Houžovec" in html
        return counter["n"]

    few = measure()
    for n in range(30):
        LocalityFactory(municipality=world["a"], name=f"Samota {n}")
    _report(world["hamlet"], "none")
    _report(world["village"], "fibre", 1000)
    assert measure() == few


def test_the_kept_overview_follows_reports_new_localities_and_a_renamed_grouping(client, world):
    """The overview is rendered once for every reader; each change must show on the next request."""
    from participation.extensions import db

    client.set_cookie("lang", "en")  # never a visitor's stored page: the shared fragment alone keeps it
    address = f"/seskupeni/{world['grouping'].id}/pripojeni"
    assert "Dolní Libchavy" not in client.get(address).get_data(as_text=True)
    fibre = LocalityFactory(municipality=world["b"], name="Dolní Libchavy", dwellings=300)
    assert "Dolní Libchavy" in client.get(address).get_data(as_text=True)
    _report(fibre, "fibre", 1000)
    assert "bar-fill bar-gigabit w-70" in client.get(address).get_data(as_text=True)
    world["grouping"].name = "Svazek obcí Pod Hůrkou"
    db.session.commit()
    assert "Connection: Svazek obcí Pod Hůrkou" in client.get(address).get_data(as_text=True)


def test_an_address_with_bytes_that_are_not_utf8_is_an_overview_not_an_error(client, world):
    """A raw byte in the query (no browser sends one, a crawler may) is read as text, never a 500."""
    response = client.get(f"/seskupeni/{world['grouping'].id}/pripojeni",
                          environ_overrides={"QUERY_STRING": "page=1&x=\xff"})  # WSGI: bytes as latin-1
    assert response.status_code == 200 and "Horní Houžovec" in response.get_data(as_text=True)
