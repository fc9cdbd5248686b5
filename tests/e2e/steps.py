"""Steps several journeys share, written as a person would do them."""

import re
import uuid

from playwright.sync_api import expect

DEMO_PASSWORD = "spolu-demo-2026"  # participation/admin/demo_data.py
NEW_PASSWORD = "three unrelated words"


def unique_email(who: str) -> str:
    return f"{who}-{uuid.uuid4().hex[:10]}@example.cz"


def exactly(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def starting_with(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}")


def pick_municipality(page, label: str, name: str, javascript: bool) -> None:
    """Type into the municipality picker; with JavaScript, choose from the suggestions."""
    page.get_by_label(label, exact=True).fill(name)
    if javascript:
        choice = page.get_by_role("radio", name=starting_with(name)).or_(
            page.get_by_role("checkbox", name=starting_with(name))
        )
        choice.first.check()


def open_menu(page) -> None:
    """On a phone the header's links are folded in its Menu: open it (on a wide screen it is open)."""
    menu = page.get_by_role("banner").locator("details.site-menu")
    if menu.count() and menu.get_attribute("open") is None and menu.locator("summary").is_visible():
        menu.locator("summary").click()
        expect(menu).to_have_attribute("open", "")


def close_menu(page) -> None:
    """Fold the phone's Menu again: open, its panel lies over the top of the page and takes the clicks there."""
    menu = page.get_by_role("banner").locator("details.site-menu")
    if menu.count() and menu.get_attribute("open") is not None and menu.locator("summary").is_visible():
        menu.locator("summary").click()
        expect(menu).not_to_have_attribute("open", "")


def header_nav(page, name: str):
    """One of the header's navigations (Main, Account, Language), the Menu opened first."""
    open_menu(page)
    return page.get_by_role("navigation", name=name)


def open_filters(page) -> None:
    """A list's filters are folded away: open them (the summary line names the filters in force)."""
    fold = page.get_by_role("main").locator("details.filters-fold")
    if fold.get_attribute("open") is None:
        fold.locator("summary").click()
        expect(fold).to_have_attribute("open", "")


def sign_in(page, check, email: str, password: str = DEMO_PASSWORD) -> None:
    """From any page: the header's Sign in link, the form, back where we were."""
    sign_in_from_link(page, check, header_nav(page, "Account").get_by_role("link", name="Sign in"),
                      email, password)


def sign_in_from_link(page, check, link, email: str, password: str = DEMO_PASSWORD) -> None:
    """Follow a "Sign in" link, fill the form, come back (in English)."""
    link.click()
    check(page, "sign-in")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    # Wait for the page we are sent back to: opening the sign-in page's own menu would race the navigation.
    expect(page).not_to_have_url(re.compile(r"/prihlaseni"))
    page.wait_for_load_state()
    open_menu(page)  # the page may be in Czech: the sign-out button is the only button in the header's navigations
    expect(page.get_by_role("navigation").get_by_role("button")).to_be_visible()
    use_english(page)
    expect(header_nav(page, "Account").get_by_role("button", name="Sign out")).to_be_visible()
    close_menu(page)


def use_english(page) -> None:
    """Demo accounts speak Czech: switch with the header's language link (stored on the account)."""
    if page.locator("html").get_attribute("lang") == "en":
        return
    open_menu(page)
    page.get_by_role("banner").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def sign_out(page) -> None:
    button = header_nav(page, "Account").get_by_role("button", name="Sign out")
    # Wait for the page we are sent to: on a phone, opening the Menu of the page being left would race the
    # navigation, and the new page's Menu would stay folded over the Sign in link.
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state()
    expect(header_nav(page, "Account").get_by_role("link", name="Sign in")).to_be_visible()
