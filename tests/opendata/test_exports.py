"""Every public list as CSV and JSON: the page's filters, only public items, Czech or English headers, streamed."""

import csv
import io

import pytest

from participation.opendata import exports
from tests.api.world import SECRET_EMAIL, SECRET_NOTE
from tests.projects.factories import ProjectFactory

SLUGS = ("podnety", "dohody", "projekty", "konzultace", "dobra-praxe", "obce", "seskupeni", "lokality")
HIDDEN_TITLES = ("Rozepsaný podnět", "Skrytý podnět o skládce", "Stažený podnět", "Rozepsaná smlouva", "Rozepsaná praxe",
                 "Rozepsaná konzultace")


def _rows(response) -> list[dict]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_every_export_has_only_public_items_and_no_private_fields(visitor, world, slug, fmt):
    response = visitor.get(f"/otevrena-data/{slug}.{fmt}")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == ("text/csv" if fmt == "csv" else "application/json")
    assert f'filename="spolu-{slug}.{fmt}"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    for title in HIDDEN_TITLES:
        assert title not in text
    assert SECRET_EMAIL not in text and SECRET_NOTE not in text and "@" not in text


def test_proposals_csv_opens_in_czech_excel_with_czech_headers(visitor, world):
    rows = _rows(visitor.get("/otevrena-data/podnety.csv"))
    assert [row["Název"] for row in rows] == ["Optika do Lhoty"]
    assert rows[0]["Podporovatelé"] == "5"
    assert rows[0]["Obce"] == "Lhota, Ves"
    assert rows[0]["Webová stránka"].endswith(f"/podnety/{world.proposal.id}")


def test_headers_follow_the_language(visitor, world):
    visitor.get("/jazyk/en")
    rows = _rows(visitor.get("/otevrena-data/podnety.csv", headers={"Accept-Language": "en"}))
    assert "Title" in rows[0] and "Supporters" in rows[0]


def test_json_export_is_the_api_items(visitor, world):
    body = visitor.get("/otevrena-data/podnety.json").get_json()
    assert [item["id"] for item in body] == [world.proposal.id]
    assert body[0]["supports"]["total"] == 5 and "author" not in body[0]


def test_exports_honour_the_page_filters(visitor, world):
    ProjectFactory(title="Cesta jinde", municipalities=[world.elsewhere])
    rows = _rows(visitor.get(f"/otevrena-data/projekty.csv?municipality={world.home.id}"))
    assert [row["Název"] for row in rows] == ["Páteř Lhota"]
    rows = _rows(visitor.get("/otevrena-data/obce.csv?q=ves"))
    assert [row["Název obce"] for row in rows] == ["Ves"]
    assert _rows(visitor.get("/otevrena-data/podnety.csv?status=solved")) == []
    rows = _rows(visitor.get("/otevrena-data/lokality.csv?region=CZ-063"))
    assert {row["Název lokality"] for row in rows} == {"Horní Lhota", "Dolní Lhota"}


@pytest.mark.parametrize("query", ["?municipality=abc", "?status=nic", "?sortby=new", "?limit=5", "?cursor=x",
                                   "?q=a&q=b", "?region=kraj", "?municipality=99999999999"])
def test_bad_parameters_are_a_400_with_a_json_error(visitor, world, query):
    response = visitor.get(f"/otevrena-data/podnety.csv{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] in ("invalid_parameter", "unknown_parameter", "invalid_id")


def test_an_unknown_dataset_or_format_is_a_404(visitor):
    assert visitor.get("/otevrena-data/tajne.csv").status_code == 404
    assert visitor.get("/otevrena-data/podnety.xlsx").status_code == 404


def test_export_reads_a_fixed_number_of_queries_per_batch(app, visitor, count_queries):
    from tests.factories import MunicipalityFactory
    from tests.proposals.factories import ProposalFactory, supporters

    home = MunicipalityFactory()
    for index in range(3):
        supporters(ProposalFactory(title=f"Podnět {index}", municipalities=[home]), home, 1)

    def queries() -> int:
        with count_queries() as counter:
            assert visitor.get("/otevrena-data/podnety.csv").status_code == 200
        return counter["n"]

    few = queries()
    for index in range(12):
        supporters(ProposalFactory(title=f"Další {index}", municipalities=[home]), home, 2)
    assert queries() == few


def test_a_long_list_is_written_batch_by_batch(app, world):
    from tests.factories import MunicipalityFactory

    for _ in range(4):
        MunicipalityFactory()
    with app.test_request_context():
        chunks = list(exports.csv_chunks("municipalities", {}, batch=2))
    # the header, then one chunk per full or partial batch of two municipalities (3 + 4 = 7 rows)
    assert len(chunks) == 1 + 4
    assert sum(chunk.count("\r\n") for chunk in chunks) == 1 + 7


def test_the_rows_are_read_by_one_query_whatever_the_number_of_batches(app, world, count_queries):
    """Read as they are written (a server-side cursor on PostgreSQL): no batch sorts and skips the rows
    before it, as OFFSET did (a region's proposals took twice as long)."""
    from tests.factories import MunicipalityFactory

    for _ in range(6):
        MunicipalityFactory()
    with app.test_request_context(), count_queries() as counter:
        chunks = list(exports.csv_chunks("municipalities", {}, batch=2))
    assert len(chunks) == 1 + 5  # the header, then batches of two of the 9 municipalities
    reads = [s for s in counter["statements"] if "FROM municipality" in s and "LIMIT" not in s.upper()]
    assert len(reads) == 1 and not [s for s in counter["statements"] if "OFFSET" in s.upper()]


def test_list_pages_link_their_download_with_the_filters(client, world):
    page = client.get(f"/projekty?municipality={world.home.id}&page=1").get_data(as_text=True)
    assert f"/otevrena-data/projekty.csv?municipality={world.home.id}" in page
    for path, slug in (("/podnety/", "podnety"), ("/dohody", "dohody"), ("/konzultace/", "konzultace"),
                       ("/dobra-praxe", "dobra-praxe"), ("/obce", "obce"), ("/seskupeni", "seskupeni")):
        assert f"/otevrena-data/{slug}.csv" in client.get(path).get_data(as_text=True), path


def test_connection_overviews_link_their_localities(client, world):
    page = client.get(f"/seskupeni/{world.grouping.id}/pripojeni").get_data(as_text=True)
    assert f"/otevrena-data/lokality.csv?grouping={world.grouping.id}" in page
    page = client.get("/kraje/CZ-063/pripojeni").get_data(as_text=True)
    assert "/otevrena-data/lokality.json?region=CZ-063" in page
