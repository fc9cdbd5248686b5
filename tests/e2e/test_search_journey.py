"""A visitor finds a proposal from the header's search box by another word form and a place (JavaScript on and off)."""

import re

from playwright.sync_api import expect

from tests.e2e.steps import open_menu

FOUND = "Bezpečný přechod u školy na hranici Libchav a Ústí"  # a demo proposal touching Libchavy


def test_visitor_finds_a_proposal_from_the_header(new_page, check, live_server, javascript):
    page = new_page()
    page.goto("/")
    open_menu(page)  # on a phone the search box is in the folded menu
    header_box = page.get_by_role("search", name="Search Spolu")
    header_box.get_by_role("searchbox").fill("přechodu Libchavy")
    header_box.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name=FOUND)).to_be_visible()
    expect(results.get_by_role("heading", name=re.compile(r"^Proposals \(\d+\)"))).to_be_visible()
    check(page, "search-results")
    box = page.get_by_label("What are you looking for?")
    box.fill("x")
    if javascript:  # htmx answers as one types, and keeps the address in step
        expect(results).to_contain_text("at least two letters")
        box.fill("skoly Usti")
        expect(results.get_by_role("link", name=FOUND)).to_be_visible()
        expect(page).to_have_url(re.compile(r"q=skoly"))
    else:
        page.get_by_role("search", name="Search", exact=True).get_by_role("button", name="Search").click()
        expect(page.locator("#search-results")).to_contain_text("at least two letters")
        expect(box).to_have_value("x")
        box.fill("skoly Usti")
        page.get_by_role("search", name="Search", exact=True).get_by_role("button", name="Search").click()
    page.locator("#search-results").get_by_role("link", name=FOUND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FOUND, timeout=20_000)
