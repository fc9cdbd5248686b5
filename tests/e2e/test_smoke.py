"""The home page alone: the harness itself works."""


def test_home_page(page, check):
    page.goto("/")
    check(page, "home")
