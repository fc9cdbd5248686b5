"""A resident of another municipality finds a proposal, supports it and comments on it."""

import re

from playwright.sync_api import expect

from tests.e2e import data
from tests.e2e.steps import open_filters, sign_in_from_link


def test_resident_of_another_municipality_supports_and_comments(new_page, check, live_server):
    author = data.resident(live_server, home="Dlouhá Třebová", display_name="Eva Autorka")
    title = data.published_proposal(live_server, author, ["Dlouhá Třebová", "Česká Třebová"])
    supporter = data.resident(live_server, home="Česká Třebová", display_name="Jan Soused")

    page = new_page()
    page.goto("/podnety/")
    open_filters(page)
    page.get_by_label("Search in titles and descriptions").fill(title)
    page.get_by_role("button", name="Show proposals").click()
    page.wait_for_load_state("networkidle")  # both htmx swaps (change, submit) land before the click
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check(page)

    sign_in_from_link(page, check, page.get_by_role("link", name="Sign in to support"), supporter)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    support = page.get_by_role("region", name="Support")
    support.get_by_role("button", name="Support this proposal").click()
    expect(support.get_by_text("You support this proposal.")).to_be_visible()
    # The support counts for the supporter's home municipality, on its own line.
    expect(support.get_by_role("listitem").filter(has_text="Česká Třebová")).to_contain_text(
        re.compile(r"\b1 of [\d,]+ needed")
    )
    check(page, "proposal-supported")

    discussion = page.get_by_role("region", name="Discussion")
    discussion.get_by_label("Your comment").fill("V České Třebové by se hodil i sběrný dvůr u nádraží.")
    discussion.get_by_label("Your stance").select_option(label="For")
    discussion.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("region", name="Discussion").get_by_role("article")).to_contain_text(
        "sběrný dvůr u nádraží"
    )
    expect(page.get_by_role("region", name="Discussion")).not_to_contain_text("No comments yet")
    check(page, "proposal-discussion")
