"""The widget: framed only by the sites its municipality's office registered; every other page refuses frames."""

import pytest
from sqlalchemy import select

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.opendata import services
from participation.opendata.models import EmbedOrigin
from participation.opendata.origins import OriginError, normalise_origin
from tests.factories import MunicipalityFactory, UserFactory, administrator, moderator_of
from tests.opendata.test_exports import HIDDEN_TITLES


def _ancestors(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors"))


def test_the_widget_shows_public_items_without_navigation(visitor, world):
    response = visitor.get(f"/vlozeni/obec/{world.home.code}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Optika do Lhoty" in page and "Otevřená konzultace" in page and "Páteř Lhota" in page
    assert "Uzavřená konzultace" not in page  # only open consultations
    assert not any(title in page for title in HIDDEN_TITLES)
    assert "<nav" not in page and "Přihlásit" not in page
    assert 'target="_blank"' in page


def test_an_unregistered_widget_refuses_every_frame(visitor, world):
    response = visitor.get(f"/vlozeni/obec/{world.home.code}")
    assert _ancestors(response) == "frame-ancestors 'none'"


def test_the_widget_may_be_framed_only_by_registered_sites(visitor, world):
    officer = moderator_of(world.home)
    services.add_origin(officer, world.home, "https://www.lhota.cz/")
    services.add_origin(officer, world.home, "https://Obec-Lhota.cz:8443")
    services.add_origin(moderator_of(world.elsewhere), world.elsewhere, "https://daleko.cz")
    response = visitor.get(f"/vlozeni/obec/{world.home.code}")
    assert _ancestors(response) == "frame-ancestors https://obec-lhota.cz:8443 https://www.lhota.cz"
    assert "X-Frame-Options" not in response.headers
    # the grouping's widget: the sites of its member municipalities
    grouping = visitor.get(f"/vlozeni/seskupeni/{world.grouping.id}")
    assert grouping.status_code == 200 and "Optika do Lhoty" in grouping.get_data(as_text=True)
    assert "https://www.lhota.cz" in _ancestors(grouping) and "daleko.cz" not in _ancestors(grouping)


@pytest.mark.parametrize("path", ["/", "/podnety/", "/obce", "/otevrena-data", "/mapa"])
def test_every_other_page_still_refuses_frames(visitor, world, path):
    services.add_origin(moderator_of(world.home), world.home, "https://www.lhota.cz")
    response = visitor.get(path)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("raw, expected", [
    ("https://www.obec.cz", "https://www.obec.cz"),
    ("  HTTPS://WWW.Obec.CZ/ ", "https://www.obec.cz"),
    ("http://obec.cz:80", "http://obec.cz"),
    ("https://obec.cz:8443", "https://obec.cz:8443"),
    ("https://*.obec-lhota.cz", "https://*.obec-lhota.cz"),
    ("https://dolní-lhota.cz", "https://xn--doln-lhota-n8a.cz"),
])
def test_origins_are_normalised(raw, expected):
    assert normalise_origin(raw) == expected


@pytest.mark.parametrize("raw", [
    "", "www.obec.cz", "ftp://obec.cz", "javascript:alert(1)", "https://obec.cz/aktuality", "https://obec.cz?a=1",
    "https://obec.cz#x", "https://user@obec.cz", "https://*", "https://*.cz", "https://a.*.cz", "https://*obec.cz",
    "https://obec.cz; script-src *", "https://obec.cz 'unsafe-inline'", "https://obec", "https://obec.cz:0",
    "https://obec.cz:99999", "https://ob_ec.cz", "https://-obec.cz", "https://[::1]", "data:text/html,x",
    "https://obec.cz\nX-Frame-Options: ALLOW",
])
def test_anything_but_scheme_and_host_is_refused(raw):
    with pytest.raises(OriginError):
        normalise_origin(raw)


def test_the_office_registers_and_removes_sites_with_audit(client, login, world):
    officer = moderator_of(world.home)
    login(officer)
    page = client.get(f"/obce/{world.home.code}/vlozeni")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "&lt;iframe" in page.get_data(as_text=True)
    response = client.post(f"/obce/{world.home.code}/vlozeni", data={"origin": "https://www.lhota.cz/"})
    assert response.status_code == 303
    entry = db.session.scalars(select(EmbedOrigin)).one()
    assert entry.origin == "https://www.lhota.cz" and entry.added_by_id == officer.id
    refused = client.post(f"/obce/{world.home.code}/vlozeni", data={"origin": "https://www.lhota.cz/aktuality"})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "bez stránky" in text and 'value="https://www.lhota.cz/aktuality"' in text
    duplicate = client.post(f"/obce/{world.home.code}/vlozeni", data={"origin": "https://WWW.lhota.cz"})
    assert duplicate.status_code == 422 and "už je povolen" in duplicate.get_data(as_text=True)
    assert client.post(f"/obce/{world.home.code}/vlozeni/{entry.id}/odebrat").status_code == 303
    assert db.session.scalars(select(EmbedOrigin)).all() == []
    actions = [(e.action, e.details["origin"], e.municipality_id)
               for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == [("embed.origin_add", "https://www.lhota.cz", world.home.id),
                       ("embed.origin_remove", "https://www.lhota.cz", world.home.id)]


def test_only_the_office_manages_the_sites(client, login, world):
    path = f"/obce/{world.home.code}/vlozeni"
    assert client.get(path).status_code == 302  # sign in first
    for user in (UserFactory(home_municipality=world.home), moderator_of(world.elsewhere)):
        login(user)
        assert client.get(path).status_code == 403
        assert client.post(path, data={"origin": "https://zly.cz"}).status_code == 403
    login(administrator())
    assert client.get(path).status_code == 200
    assert db.session.scalars(select(EmbedOrigin)).all() == []


def test_a_site_of_another_municipality_cannot_be_removed_here(client, login, world):
    other = MunicipalityFactory()
    entry = services.add_origin(moderator_of(other), other, "https://jinde.cz")
    login(moderator_of(world.home))
    assert client.post(f"/obce/{world.home.code}/vlozeni/{entry.id}/odebrat").status_code == 404
    assert db.session.get(EmbedOrigin, entry.id) is not None


def test_the_municipality_page_gives_its_office_the_snippet(client, login, world):
    assert "iframe" not in client.get(f"/obce/{world.home.code}").get_data(as_text=True)
    login(moderator_of(world.home))
    page = client.get(f"/obce/{world.home.code}").get_data(as_text=True)
    assert f"&lt;iframe src=&#34;http://localhost/vlozeni/obec/{world.home.code}&#34;" in page
    assert f"&lt;a href=&#34;http://localhost/obce/{world.home.code}&#34;&gt;" in page


def test_at_most_ten_sites(world):
    officer = moderator_of(world.home)
    for index in range(services.MAX_ORIGINS):
        services.add_origin(officer, world.home, f"https://web{index}.lhota.cz")
    with pytest.raises(OriginError):
        services.add_origin(officer, world.home, "https://jeste-jeden.cz")


def test_unknown_places_have_no_widget(visitor):
    assert visitor.get("/vlozeni/obec/999999").status_code == 404
    assert visitor.get("/vlozeni/obec/abc").status_code == 404
    assert visitor.get("/vlozeni/seskupeni/999999").status_code == 404


def test_the_widget_reads_a_fixed_number_of_queries(visitor, world, count_queries):
    from tests.projects.factories import ProjectFactory
    from tests.proposals.factories import ProposalFactory

    address = f"/vlozeni/obec/{world.home.code}"  # read here: the test's own refresh of `home` is not the page's

    def queries() -> int:
        with count_queries() as counter:
            assert visitor.get(address).status_code == 200
        return counter["n"]

    queries()  # the first request of the process warms what every request shares
    few = queries()
    for index in range(6):
        ProposalFactory(title=f"Podnět {index}", municipalities=[world.home])
        ProjectFactory(title=f"Projekt {index}", municipalities=[world.home])
    services.add_origin(moderator_of(world.home), world.home, "https://www.lhota.cz")
    assert queries() == few
