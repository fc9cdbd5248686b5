"""Every main page fits a 360 x 640 phone, with its main action in the first screen.

Run with SPOLU_SCREENSHOTS=1 (scripts/screenshots.sh) it also saves each page at
360 and 1280 px into docs/screenshots/.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import header_nav, open_filters

PHONE = {"width": 360, "height": 640}


def _demo_ids(live_server) -> dict:
    """Addresses of demo things: a municipality's code, a grouping's id, the most supported proposal."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.proposals.models import Proposal
    from participation.territory.models import Grouping, Municipality

    with live_server.app.app_context():
        return {
            "code": db.session.scalars(select(Municipality.code).where(Municipality.name == "Česká Třebová")).one(),
            "grouping": db.session.scalars(
                select(Grouping.id).where(Grouping.name == "Mikroregion Orlicko-Třebovsko")).one(),
            "proposal": db.session.scalars(
                select(Proposal.id).where(Proposal.threshold_reached_at.is_not(None)).order_by(Proposal.id)).first(),
        }


# (screenshot name, address; {code}, {grouping} and {proposal} are filled in from the demo data)
PAGES = [
    ("home", "/"),
    ("proposals", "/podnety/"),
    ("proposal-detail", "/podnety/{proposal}"),
    ("municipalities", "/obce"),
    ("municipality", "/obce/{code}"),
    ("grouping", "/seskupeni/{grouping}"),
    ("agreements", "/dohody"),
    ("projects", "/projekty"),
    ("consultations", "/konzultace/"),
    ("good-practice", "/dobra-praxe"),
    ("map", "/mapa"),
    ("advisors", "/poradci"),
    ("infrastructure", "/infrastruktura"),
    ("sign-in", "/prihlaseni"),
]


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at {PHONE['width']} px"


def _in_first_screen(locator) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], f"{locator} ends at {box['y'] + box['height']} px"


@pytest.mark.parametrize("name, address", PAGES, ids=[name for name, _ in PAGES])
def test_main_page_fits_a_phone(page, check, live_server, name, address):
    page.set_viewport_size(PHONE)
    page.goto(address.format(**_demo_ids(live_server)))
    check(page, name)  # axe, one h1, keyboard, and nothing wider than the screen
    _fits_the_phone(page)

    main = page.get_by_role("main")
    if name in ("home", "proposals"):
        _in_first_screen(main.get_by_role("link", name="Write a proposal").first)
    if name == "proposal-detail":
        _in_first_screen(page.get_by_role("region", name="Support").get_by_role("link", name="Sign in to support"))
    if main.locator("details.filters-fold").count():
        # Folded: the results come first; opened (no JavaScript needed), the filters still fit.
        expect(main.get_by_role("search")).to_be_hidden()
        open_filters(page)
        expect(main.get_by_role("search")).to_be_visible()
        _fits_the_phone(page)


def test_the_menu_opens_without_javascript(page, check):
    page.set_viewport_size(PHONE)
    page.goto("/")
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav).to_be_hidden()
    header_nav(page, "Main")
    expect(main_nav.get_by_role("link", name="Proposals")).to_be_visible()
    expect(page.get_by_role("navigation", name="Language").get_by_role("link", name="Čeština")).to_be_visible()
    check(page)
    _fits_the_phone(page)
    main_nav.get_by_role("link", name="Agreements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cooperation agreements")
    expect(main_nav).to_be_hidden()

    # On a wide screen the navigation stays open, with no toggle.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(main_nav.get_by_role("link", name="Proposals")).to_be_visible()
    expect(page.get_by_role("banner").get_by_text("Menu", exact=True)).to_be_hidden()
