"""What the phone layout puts on every page, checked in the HTML (the browser test checks the widths)."""

import re

from tests.factories import MunicipalityFactory, UserFactory

EN = {"Accept-Language": "en"}


def _summary(html: str) -> str:
    """The text of a list's folded filters' summary line."""
    found = re.search(r'<details class="filters-fold">\s*<summary>(.*?)</summary>', html, re.S)
    assert found, "the filters are not folded in a disclosure"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_the_header_menu_holds_the_navigations_and_the_language_switch(client):
    html = client.get("/", headers=EN).get_data(as_text=True)
    header = html[html.index('<header class="site-header">'):html.index("</header>")]
    menu = header[header.index('<details class="site-menu"'):]
    assert "<summary>Menu</summary>" in menu
    for label in ("Main", "Account", "Language"):
        assert f'aria-label="{label}"' in menu
    assert "Čeština" in menu and "English" in menu
    footer = html[html.index('<footer class="site-footer">'):]
    assert "Čeština" not in footer  # one language switch, in the menu


def test_folded_filters_name_the_filters_in_force(client, app):
    assert _summary(client.get("/podnety/", headers=EN).get_data(as_text=True)) == (
        "Filters: none, everything is shown")
    summary = _summary(client.get("/podnety/?status=published&q=kolo", headers=EN).get_data(as_text=True))
    assert summary == "Filters: “kolo” · Published"


def test_folded_filters_of_an_item_list_name_the_chosen_municipality(client, app):
    place = MunicipalityFactory(name="Semanín")
    html = client.get(f"/dohody?municipality={place.id}&status=in_force", headers=EN).get_data(as_text=True)
    assert _summary(html) == "Filters: Semanín · In force"


def test_a_confirmed_resident_lands_on_their_municipality_and_the_proposal_form(client, app):
    from participation.accounts.services import confirmation_token

    home = MunicipalityFactory(name="Rybník")
    user = UserFactory(home_municipality=home, email_confirmed_at=None, locale="en")
    html = client.get(f"/potvrzeni/{confirmation_token(user)}", headers=EN).get_data(as_text=True)
    assert "Where to start" in html
    assert f'href="/podnety/?municipality={home.id}">Proposals touching Rybník</a>' in html
    assert 'href="/podnety/novy"' in html
