"""A visitor reads the response times; a DSO representative reads, sorts and exports the dashboard."""

from playwright.sync_api import expect

from tests.e2e.steps import sign_in


def test_visitor_reads_response_times(page, check):
    page.goto("/obce")
    page.get_by_role("contentinfo").get_by_role("link", name="Response times").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Response times")
    check(page, "response-times")
    municipalities = page.get_by_role("region", name="Response times by municipality, last 12 months")
    expect(municipalities.get_by_role("table")).to_be_visible()
    expect(municipalities.get_by_role("columnheader", name="Median (days)")).to_be_visible()
    # The table scrolls inside its region at 360 px; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    municipalities.get_by_role("row").nth(1).get_by_role("link").click()
    expect(page.get_by_role("region", name="Response times")).to_be_visible()
    check(page)


def test_representative_sorts_and_exports_the_dashboard(page, check):
    page.goto("/seskupeni")
    sign_in(page, check, "zastupce.dso@example.cz")
    page.get_by_role("link", name="Mikroregion Orlicko-Třebovsko").first.click()
    page.get_by_role("link", name="Representative's dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard: Mikroregion Orlicko-Třebovsko")
    check(page, "dashboard")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    members = page.get_by_role("region", name="Participation by member municipality")
    members.get_by_role("link", name="Consultation turnout").click()
    expect(page.get_by_role("columnheader", name="Consultation turnout")).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("region", name="Participation by member municipality").get_by_role(
        "link", name="Consultation turnout").click()
    expect(page.get_by_role("columnheader", name="Consultation turnout")).to_have_attribute("aria-sort", "descending")
    check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    first_bytes = open(download.value.path(), "rb").read(3)
    assert first_bytes == b"\xef\xbb\xbf"
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Download as CSV")).to_be_hidden()
    expect(members.get_by_role("table")).to_be_visible()
