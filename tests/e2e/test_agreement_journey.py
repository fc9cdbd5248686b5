"""A representative records a cooperation agreement; a visitor finds and reads it."""

import uuid

from playwright.sync_api import expect

from tests.e2e.steps import header_nav, open_filters, sign_in

DSO_REPRESENTATIVE = "zastupce.dso@example.cz"


def test_representative_records_an_agreement(new_page, check):
    title = f"Společný energetický manažer {uuid.uuid4().hex[:6]}"
    representative = new_page()
    representative.goto("/")
    sign_in(representative, check, DSO_REPRESENTATIVE)
    header_nav(representative, "Main").get_by_role("link", name="Agreements").click()
    check(representative, "agreements")
    representative.get_by_role("link", name="New agreement").click()
    check(representative, "agreement-form")

    representative.get_by_label("Title").fill(title)
    representative.get_by_label("Kind").select_option(label="Contract for a shared advisor")
    representative.get_by_label("Status").select_option(label="Signed")
    representative.get_by_label("Municipalities (parties)").select_option(
        label=["Česká Třebová (579025)", "Dlouhá Třebová (579319)"]
    )
    representative.get_by_label("Groupings (parties)").select_option(label="Mikroregion Orlicko-Třebovsko")
    representative.get_by_label("Signed on").fill("2026-03-15")
    representative.get_by_label("Summary").fill("Obce sdílejí **energetického manažera** na tři roky.")
    representative.get_by_role("button", name="Save").click()
    expect(representative.get_by_role("heading", level=1)).to_have_text(title)
    check(representative, "agreement")

    visitor = new_page()
    visitor.goto("/dohody")
    open_filters(visitor)
    visitor.get_by_label("Title contains").fill(title)
    visitor.get_by_role("button", name="Filter").click()
    visitor.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.get_by_role("main")).to_contain_text("Dlouhá Třebová")
    check(visitor)
