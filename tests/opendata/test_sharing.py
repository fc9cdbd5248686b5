"""Found and shared: the sitemap (public items only), robots.txt, and each page's description and Open Graph tags."""

import pytest
from defusedxml import ElementTree

from participation.opendata import sharing
from tests.api.world import SECRET_EMAIL
from tests.factories import MunicipalityFactory
from tests.opendata.test_exports import HIDDEN_TITLES
from tests.proposals.factories import ProposalFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locations(response) -> list[str]:
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ElementTree.fromstring(response.get_data())
    return [element.text for element in root.iter(f"{SITEMAP}loc")]


def _every_address(visitor) -> list[str]:
    found = []
    for part in _locations(visitor.get("/sitemap.xml")):
        found += _locations(visitor.get(part.replace("http://localhost", "")))
    return found


def test_the_sitemap_lists_public_items_only(visitor, world):
    addresses = _every_address(visitor)
    assert f"http://localhost/podnety/{world.proposal.id}" in addresses
    assert f"http://localhost/dohody/{world.agreement.id}" in addresses
    assert f"http://localhost/obce/{world.home.code}" in addresses
    assert f"http://localhost/konzultace/{world.closed.id}" in addresses
    assert "http://localhost/otevrena-data" in addresses
    for page in ("/poradci", "/infrastruktura", "/stavby", "/ochrana-osobnich-udaju", "/prohlaseni-o-pristupnosti"):
        assert f"http://localhost{page}" in addresses
    for hidden in (world.draft, world.hidden, world.withdrawn):
        assert f"http://localhost/podnety/{hidden.id}" not in addresses
    assert f"http://localhost/dohody/{world.draft_agreement.id}" not in addresses
    assert f"http://localhost/dobra-praxe/{world.draft_practice.id}" not in addresses
    assert f"http://localhost/konzultace/{world.draft_consultation.id}" not in addresses
    assert len(addresses) == len(set(addresses))


def test_a_sitemap_file_is_paged(app, visitor, world, monkeypatch):
    monkeypatch.setattr(sharing, "SITEMAP_PAGE", 2)
    monkeypatch.setattr(sharing, "SITEMAP_BATCH", 1)
    parts = [p for p in _locations(visitor.get("/sitemap.xml")) if "sitemap-obce-" in p]
    assert [p.rsplit("/", 1)[1] for p in parts] == ["sitemap-obce-1.xml", "sitemap-obce-2.xml"]
    first, second = (_locations(visitor.get(p.replace("http://localhost", ""))) for p in parts)
    assert len(first) == 2 and len(second) == 1
    assert visitor.get("/sitemap-tajne-1.xml").status_code == 404


def test_the_sitemap_reads_a_fixed_number_of_queries(app, visitor, world, count_queries):
    def queries() -> int:
        with count_queries() as counter:
            _every_address(visitor)
        return counter["n"]

    few = queries()
    home = MunicipalityFactory()
    for index in range(10):
        ProposalFactory(title=f"Další podnět {index}", municipalities=[home])
    assert queries() == few


def test_robots_keeps_search_engines_out_of_private_areas(visitor):
    response = visitor.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    for path in ("/accounts/", "/admin/", "/vlozeni/", "/oznameni"):
        assert f"Disallow: {path}" in text
    assert "Sitemap: http://localhost/sitemap.xml" in text


def _meta(page: str, name: str) -> str:
    marker = f'{name}" content="'
    start = page.index(marker) + len(marker)
    return page[start:page.index('"', start)]


@pytest.mark.parametrize("kind", ["proposal", "project", "practice", "consultation", "municipality"])
def test_item_pages_carry_their_title_and_summary(client, world, kind):
    paths = {"proposal": f"/podnety/{world.proposal.id}", "project": f"/projekty/{world.project.id}",
             "practice": f"/dobra-praxe/{world.practice.id}", "consultation": f"/konzultace/{world.open_consultation.id}",
             "municipality": f"/obce/{world.home.code}"}
    page = client.get(paths[kind]).get_data(as_text=True)
    item = getattr(world, {"municipality": "home", "consultation": "open_consultation"}.get(kind, kind))
    title = getattr(item, "title", None) or item.name
    assert _meta(page, 'property="og:title').replace("&#34;", '"') == title.replace("&", "&amp;")
    description = _meta(page, 'name="description')
    assert description and description == _meta(page, 'property="og:description')
    assert len(description) <= sharing.DESCRIPTION_LENGTH
    assert SECRET_EMAIL not in page.split("</head>")[0]


def test_every_public_page_has_a_description(client, world):
    for path in ("/", "/podnety/", "/obce", "/mapa", "/otevrena-data"):
        page = client.get(path).get_data(as_text=True)
        assert _meta(page, 'name="description').startswith("Spolu"), path
        assert 'property="og:title"' in page and 'property="og:url"' in page, path


def test_a_hidden_proposal_page_does_not_describe_it(client, world):
    page = client.get(f"/podnety/{world.hidden.id}").get_data(as_text=True)
    assert not any(title in page.split("</head>")[0] for title in HIDDEN_TITLES)
