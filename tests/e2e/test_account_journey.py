"""A resident registers, confirms the emailed link, signs out and in again."""

from playwright.sync_api import expect

from tests.e2e.steps import NEW_PASSWORD, pick_municipality, sign_in, sign_out, unique_email


def test_register_confirm_and_sign_in(page, check, live_server, javascript):
    email = unique_email("resident")
    page.goto("/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    check(page, "register")

    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Display name").fill("Eva Nová")
    pick_municipality(page, "Home municipality", "Dolní Dobrouč", javascript)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status").filter(has_text="Welcome to Spolu")).to_contain_text(
        "We sent a confirmation link"
    )
    check(page)

    page.goto(live_server.link_in_mail(email, "/confirm/"))
    expect(page.get_by_role("main")).to_contain_text("your email address is confirmed")
    check(page, "confirmed")

    sign_out(page)
    check(page)
    sign_in(page, check, email, NEW_PASSWORD)
    check(page)
