"""A resident registers, confirms the emailed link, signs out and in again, then writes and publishes a proposal."""

import uuid

from playwright.sync_api import expect

from tests.e2e.steps import (
    NEW_PASSWORD,
    header_nav,
    pick_municipality,
    sign_in,
    sign_out,
    starting_with,
    unique_email,
)


def test_register_confirm_and_sign_in(page, check, live_server, javascript):
    email = unique_email("resident")
    page.goto("/")
    header_nav(page, "Account").get_by_role("link", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    check(page, "register")

    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Display name").fill("Eva Nová")
    pick_municipality(page, "Home municipality", "Dlouhá Třebová", javascript)
    page.get_by_role("button", name="Create account").click()
    # The same answer whether or not the address had an account; the link signs the new one in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your mailbox")
    check(page)

    page.goto(live_server.link_in_mail(email, "/potvrzeni/"))
    expect(page.get_by_role("main")).to_contain_text("your email address is confirmed")
    expect(header_nav(page, "Account").get_by_role("button", name="Sign out")).to_be_visible()
    check(page, "confirmed")

    sign_out(page)
    check(page)
    sign_in(page, check, email, NEW_PASSWORD)
    check(page)
    write_and_publish_a_proposal(page, check, javascript)


def write_and_publish_a_proposal(page, check, javascript) -> None:
    """From any page, signed in with Dlouhá Třebová as home: a proposal touching two municipalities."""
    title = f"Bezpečná cesta na kole mezi Třebovými {uuid.uuid4().hex[:6]}"
    header_nav(page, "Main").get_by_role("link", name="Proposals").click()
    check(page, "proposals")
    page.get_by_role("link", name="Write a proposal").first.click()
    check(page, "proposal-form")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Description").fill(
        "Děti jezdí do školy po silnici I/14 bez krajnice.\n\n- stezka podél Třebovky\n- **osvětlení**"
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#proposal-preview strong")).to_have_text("osvětlení")
    page.get_by_label("Category").select_option(label="Transport and roads")
    touches = "Municipalities the problem touches"
    expect(page.get_by_role("checkbox", name=starting_with("Dlouhá Třebová"))).to_be_checked()
    pick_municipality(page, touches, "Česká Třebová", javascript)
    page.get_by_label("Grouping (optional)").select_option(label="Mikroregion Orlicko-Třebovsko")
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("status").filter(has_text="published")).to_be_visible()
    support = page.get_by_role("region", name="Support")
    expect(support.get_by_text("Dlouhá Třebová", exact=True)).to_be_visible()
    expect(support.get_by_text("Česká Třebová", exact=True)).to_be_visible()
    check(page, "proposal")
