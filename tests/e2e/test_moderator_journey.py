"""A municipal moderator answers a proposal officially and ties it to an agreement and a project."""

from playwright.sync_api import expect

from tests.e2e import data
from tests.e2e.steps import open_filters, sign_in, starting_with

MODERATOR = "moderator@example.cz"  # moderator of Česká Třebová (demo data)
DSO_REPRESENTATIVE = "zastupce.dso@example.cz"
PROJECT = "Páteřní optická síť Česká Třebová – Ústí nad Orlicí"  # demo data


def open_proposal(page, check, title: str) -> None:
    page.goto("/podnety/")
    open_filters(page)
    page.get_by_label("Search in titles and descriptions").fill(title)
    page.get_by_role("button", name="Show proposals").click()
    # With JavaScript the filter form swaps the results on "change" and on "submit": let both land
    # before clicking, or a late swap can replace the link under the click (seen under load).
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check(page)


def test_moderator_answers_and_ties_to_an_agreement_and_a_project(page, check, live_server):
    author = data.resident(live_server, home="Dlouhá Třebová", display_name="Eva Autorka")
    title = data.published_proposal(live_server, author, ["Dlouhá Třebová", "Česká Třebová"])
    agreement = data.signed_agreement(live_server, DSO_REPRESENTATIVE, ["Česká Třebová", "Dlouhá Třebová"])

    open_proposal(page, check, title)
    sign_in(page, check, MODERATOR)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    page.get_by_role("link", name="Moderate this proposal").click()
    check(page, "proposal-moderate")
    page.get_by_role("textbox", name="Official answer").fill(
        "Město Česká Třebová svoz projedná na jednání svazku v březnu."
    )
    page.get_by_role("button", name="Publish the answer").click()
    expect(page.get_by_role("status").filter(has_text="official answer is published")).to_be_visible()
    expect(page.get_by_role("region", name="Official answers")).to_contain_text("na jednání svazku v březnu")
    check(page, "proposal-answered")

    agreements = page.get_by_role("region", name="Cooperation agreements")
    agreements.get_by_label("Find an agreement by its title").fill(agreement)
    agreements.get_by_role("button", name="Tie to an agreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tie a proposal to an agreement")
    check(page, "proposal-tie")
    page.get_by_role("radio", name=starting_with(agreement)).check()
    page.get_by_label("Why it belongs to this agreement").fill("Svoz je předmětem této smlouvy.")
    page.get_by_role("button", name="Tie to the agreement").click()

    # The chain is visible both ways: the agreement lists the proposal, the proposal the agreement.
    expect(page.get_by_role("heading", level=1)).to_have_text(agreement)
    check(page, "agreement-with-proposal")
    page.get_by_role("main").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("region", name="Cooperation agreements").get_by_role("link", name=agreement, exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="History")).to_contain_text("In cooperation")
    check(page)

    projects = page.get_by_role("region", name="Joint projects")
    projects.get_by_label("Find a project by its title").fill("Páteřní optická síť")
    projects.get_by_role("button", name="Link to a project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Link a proposal to a project")
    check(page, "proposal-link-project")
    page.get_by_role("radio", name=starting_with(PROJECT)).check()
    page.get_by_label("How the project answers the proposal").fill("Společný výkop pro optiku i svoz.")
    page.get_by_role("button", name="Link to the project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT)
    check(page, "project")
    page.get_by_role("main").get_by_role("link", name=title).click()
    expect(page.get_by_role("region", name="Joint projects").get_by_role("link", name=PROJECT, exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="History")).to_contain_text("In progress")
    check(page)

    # What the municipalities cannot do alone goes up to the region, with the trail on the proposal.
    page.get_by_role("link", name="Pass on to the region or the state").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pass on:")
    check(page, "proposal-refer")
    page.get_by_role("radio", name="The region (kraj)").check()
    page.get_by_label("Office or body").fill("Pardubický kraj, odbor dopravy")
    page.get_by_label("Why the municipalities cannot solve it alone").fill("Svoz po krajské silnici řeší kraj.")
    page.get_by_role("button", name="Pass on", exact=True).click()
    passed_on = page.get_by_role("region", name="Passed on to the region or the state")
    expect(passed_on).to_contain_text("Pardubický kraj, odbor dopravy")
    expect(passed_on).to_contain_text("No answer yet")
    check(page, "proposal-referred")
