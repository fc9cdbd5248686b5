"""A visitor picks a municipality and reads what is going on there."""

import re

from playwright.sync_api import expect

from tests.e2e.steps import exactly


def test_visitor_finds_a_municipality(page, check):
    page.goto("/")
    check(page, "home")
    expect(page.get_by_role("heading", level=1)).to_have_text("Together across municipal borders")

    page.get_by_role("search").get_by_label("Municipality name or code").fill("trebova")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="municipalities match")).to_be_visible()
    check(page, "municipalities")

    page.get_by_role("link", name=exactly("Česká Třebová")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Česká Třebová")
    check(page, "municipality")
    expect(page.get_by_role("link", name="Mikroregion Orlicko-Třebovsko")).to_be_visible()
    read_the_proposals_of_the_municipality(page, check)


def test_error_pages_are_friendly(page, check):
    page.goto("/obce/999999")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check(page, "not-found")
    expect(page.get_by_role("link", name="Home page")).to_be_visible()

    # A form left open while the session was lost: the CSRF check fails with a way back.
    # (The sign-in form: the language switch, used here before, is now a link and needs no token.)
    page.goto("/prihlaseni")
    page.context.clear_cookies()
    page.get_by_label("Email", exact=True).fill("nobody@example.cz")
    page.get_by_label("Password", exact=True).fill("not a password")
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("main")).to_contain_text("The form expired")
    check(page, "form-expired")
    page.get_by_role("link", name="Go back").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def read_the_proposals_of_the_municipality(page, check) -> None:
    """From a municipality's page: all its proposals, filtered to it, and one of them."""
    proposals = page.get_by_role("region", name="Proposals")
    proposals.get_by_role("link", name="All").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposals")
    # The filter is typed (a name or a code, suggestions as one types), not a list of every municipality.
    expect(page.get_by_label("Municipality", exact=True)).to_have_value(re.compile("Česká Třebová"))
    check(page)
    first = page.get_by_role("main").get_by_role("heading", level=3).get_by_role("link").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("region", name="Support")).to_contain_text("Česká Třebová")
    check(page, "proposal-detail")



def test_visitor_reads_the_privacy_notice_and_the_accessibility_statement(page, check):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.get_by_role("table")).to_contain_text("Legal basis")
    check(page, "privacy-notice")
    page.get_by_role("navigation", name="Related documents").get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    check(page, "accessibility-statement")
