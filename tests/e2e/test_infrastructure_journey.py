"""An operator asks to lay ducts in a planned road reconstruction's trench; the moderator agrees (JS on and off)."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.steps import sign_in, sign_out, starting_with

ROAD = "Rekonstrukce ulice Lochmanova a Na Štěpnici"  # demo works in Ústí nad Orlicí (infrastructure/seed.py)
FIRST_POINT = "49.973550, 16.393780"  # the route's first point: for operators and staff only


def test_operator_joins_a_planned_work_and_the_moderator_agrees(new_page, check, live_server, javascript):
    page = new_page()
    page.goto("/stavby")
    expect(page.get_by_role("heading", level=1)).to_have_text("Planned civil works")
    check(page, "works")
    page.get_by_role("link", name=ROAD).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROAD)
    main = page.get_by_role("main")
    expect(main).not_to_contain_text(FIRST_POINT)  # a visitor never sees the route
    expect(main).to_contain_text("The exact route is shown to signed-in operators")
    check(page, "work-visitor")

    sign_in(page, check, "operator@example.cz")
    expect(page.get_by_role("heading", level=1)).to_have_text(ROAD)
    expect(main).to_contain_text(FIRST_POINT)
    route_map = page.get_by_role("region", name="Map of the works' route")
    if javascript:
        expect(route_map).to_be_visible()
    else:
        expect(route_map).to_be_hidden()
    check(page, "work-operator")
    page.get_by_role("link", name="Ask to join the trench").click()
    what = f"2× HDPE 40 mm po celé trase ({uuid.uuid4().hex[:6]})"
    send = page.get_by_role("button", name="Send the request")
    send.click()  # nothing said: refused next to the field
    expect(page.locator("#what-error")).to_contain_text("Say what you would lay in the trench")
    check(page, "join-refused")
    page.get_by_label("What you would lay in the trench").fill(what)
    send.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROAD)
    expect(page.locator("li", has_text=what)).to_contain_text("Waiting for an answer")
    check(page, "joined")
    sign_out(page)

    sign_in(page, check, "moderator.usti@example.cz")
    page.goto("/schranka")
    waiting = page.get_by_role("region", name="Shared infrastructure")
    expect(waiting.get_by_role("link", name=re.compile(r"asks to join " + re.escape(ROAD)))).not_to_have_count(0)
    check(page, "inbox-infrastructure")
    page.goto("/stavby")
    page.get_by_role("link", name=ROAD).click()
    page.locator("li", has_text=what).get_by_role("link", name=starting_with("Answer")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer the request")
    page.get_by_label(starting_with("Agree")).check()
    page.get_by_label(starting_with("Conditions or reason")).fill("Uložení v hloubce 1,2 m na náklady operátora.")
    check(page, "join-answer")
    page.get_by_role("button", name="Record the answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROAD)
    expect(page.locator("li", has_text=what)).to_contain_text("Agreed")
    expect(page.get_by_role("region", name="Requests to join")).to_contain_text(
        "Uložení v hloubce 1,2 m na náklady operátora.")
    check(page, "join-agreed")
