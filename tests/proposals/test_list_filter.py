"""The proposal list: a total that stops counting at a cap, a municipality typed rather than picked from 600."""

from participation.common import page_cache
from participation.proposals import queries
from tests.factories import MunicipalityFactory

from .factories import ProposalFactory


def test_the_total_stops_counting_at_the_cap_and_paging_goes_on(app, client, monkeypatch):
    monkeypatch.setattr(queries, "LIST_COUNT_CAP", 5)
    app.config["PER_PAGE"] = 3
    town = MunicipalityFactory()
    for _ in range(12):
        ProposalFactory(municipalities=[town])
    first = client.get("/podnety/").get_data(as_text=True)
    assert "5+" in first and "12" not in first.split('class="results-count"')[1].split("</p>")[0]
    assert 'rel="next"' in first
    third = client.get("/podnety/?page=3").get_data(as_text=True)
    assert 'rel="next"' in third  # counted far enough to know a fourth page exists
    last = client.get("/podnety/?page=4").get_data(as_text=True)
    assert 'rel="next"' not in last and 'rel="prev"' in last
    monkeypatch.setattr(queries, "LIST_COUNT_CAP", 1000)
    page_cache.clear()  # the visitors' page cache keeps pages until data changes; here the code did
    exact = client.get("/podnety/").get_data(as_text=True)
    assert "12" in exact.split('class="results-count"')[1].split("</p>")[0]


def test_the_municipality_is_typed_by_name_code_or_suggestion_and_600_options_are_not_sent(app, client):
    lhota = MunicipalityFactory(name="Horní Lhota", code="599001")
    ves = MunicipalityFactory(name="Dolní Ves", code="599002")
    MunicipalityFactory(name="Ves", code="599003")
    MunicipalityFactory(name="Ves", code="599004")
    in_lhota = ProposalFactory(municipalities=[lhota], title="Chodník u školy v Lhotě")
    in_ves = ProposalFactory(municipalities=[ves], title="Autobus do Vsi")
    page = client.get("/podnety/").get_data(as_text=True)
    assert "Dolní Ves</option>" not in page and 'list="proposal-municipality-options"' in page

    for typed in ("horni lhota", "Horní Lhota", "599001", "Horní Lhota (599001)", str(lhota.id)):
        page = client.get("/podnety/", query_string={"municipality": typed}).get_data(as_text=True)
        assert in_lhota.title in page and in_ves.title not in page, typed
        assert 'value="Horní Lhota"' in page  # the field shows the name it resolved to

    ambiguous = client.get("/podnety/", query_string={"municipality": "Ves"})
    text = ambiguous.get_data(as_text=True)
    assert ambiguous.status_code == 200 and 'aria-invalid="true"' in text and 'value="Ves"' in text
    assert in_lhota.title in text and in_ves.title in text  # no filter applied, nothing hidden
    unknown = client.get("/podnety/", query_string={"municipality": "Nikde"}).get_data(as_text=True)
    assert 'id="proposal-municipality-error"' in unknown and 'value="Nikde"' in unknown

    suggestions = client.get("/podnety/naseptavac-obci", query_string={"municipality": "ves"})
    options = suggestions.get_data(as_text=True)
    assert suggestions.status_code == 200
    assert '<option value="Ves (599003)">' in options and '<option value="Dolní Ves (599002)">' in options
    assert options.index("Ves (599003)") < options.index("Dolní Ves")  # names starting so come first
    assert client.get("/podnety/naseptavac-obci?municipality=v").get_data(as_text=True).strip() == ""
