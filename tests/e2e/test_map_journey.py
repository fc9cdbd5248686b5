"""A resident finds a proposal on the map, then drops a pin when writing one (JavaScript on and off)."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e import data
from tests.e2e.steps import header_nav, sign_in

ON_THE_MAP = "Bezpečný přechod u školy na hranici Libchav a Ústí"  # a demo proposal with a place


def test_resident_finds_a_proposal_on_the_map_and_drops_a_pin(new_page, check, live_server, javascript):
    email = data.resident(live_server, home="Libchavy", display_name="Petra Mapová")
    page = new_page()
    page.goto("/")
    header_nav(page, "Main").get_by_role("link", name="Map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map")
    if javascript:
        # Only the proposals: the other layers switched off at once, without reloading.
        page.get_by_role("checkbox", name="Projects").uncheck()
        page.get_by_role("checkbox", name="Connection of localities").uncheck()
        marker = page.get_by_role("button", name=ON_THE_MAP)
        expect(marker).to_be_visible()
        check(page, "map")
        marker.click()
        link = page.locator(".leaflet-popup").get_by_role("link", name=ON_THE_MAP)
        expect(link).to_have_attribute("href", re.compile(r"/podnety/\d+$"))
        # Follow the popup's address: a click on it raced Leaflet's popup handlers on a busy machine.
        page.goto(link.get_attribute("href"))
    else:
        check(page, "map")
        places = page.get_by_role("region", name=re.compile(r"^Proposals"))
        expect(places.get_by_role("link", name=re.compile(r"^geo:|^\d"))).not_to_have_count(0)
        places.get_by_role("link", name=ON_THE_MAP).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ON_THE_MAP, timeout=20_000)  # a loaded CI machine is slow to follow the link
    expect(page.get_by_role("main")).to_contain_text("49.96020, 16.37450")

    sign_in(page, check, email)
    header_nav(page, "Main").get_by_role("link", name="Proposals").click()
    page.get_by_role("link", name="Write a proposal").first.click()
    title = f"Lavka přes Tichou Orlici {uuid.uuid4().hex[:6]}"
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Description").fill("Stará lávka je zavřená a děti chodí do školy po silnici.")
    page.get_by_label("Category").select_option(label="Transport and roads")
    latitude, longitude = page.get_by_label("Latitude (optional)"), page.get_by_label("Longitude (optional)")
    if javascript:
        canvas = page.get_by_role("region", name="Map for choosing the place")
        expect(canvas).to_be_visible()
        check(page, "proposal-form-map")
        canvas.click()  # the middle of the map: somewhere in Czechia
        expect(latitude).to_have_value(re.compile(r"^(4[89]|5[01])\.\d{6}$"))
        expect(longitude).to_have_value(re.compile(r"^1[2-8]\.\d{6}$"))
        shown = f"{float(latitude.input_value()):.5f}, {float(longitude.input_value()):.5f}"
    else:
        expect(page.get_by_role("region", name="Map for choosing the place")).to_be_hidden()
        latitude.fill("52,52")  # Berlin: refused next to the field, what was typed kept
        longitude.fill("13,40")
        page.get_by_role("button", name="Publish").click()
        expect(page.locator("#latitude-error")).to_contain_text("Pick a place in the Czech Republic")
        expect(latitude).to_have_value("52,52")
        check(page, "proposal-form-place-refused")
        latitude.fill("49,9580")
        longitude.fill("16,3700")
        shown = "49.95800, 16.37000"
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("main")).to_contain_text(shown)
    check(page, "proposal-with-place")
