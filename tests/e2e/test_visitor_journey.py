"""A visitor picks a municipality and reads what is going on there."""

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
