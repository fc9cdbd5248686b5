"""A representative runs a joint consultation; two residents answer; the results show per municipality.

The results are charts that fit the phone's screen; the representative sees every figure, a visitor not
those of municipalities where fewer than five people answered (as in the exports).
"""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e import data
from tests.e2e.steps import header_nav, sign_in, sign_in_from_link

DSO_REPRESENTATIVE = "zastupce.dso@example.cz"  # Mikroregion Orlicko-Třebovsko (demo data)
LOCAL = ZoneInfo("Europe/Prague")


def local_input(moment: datetime) -> str:
    return moment.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M")


def answer(new_page, check, live_server, title: str, home: str, option: str) -> None:
    resident = data.resident(live_server, home=home, display_name=f"Obyvatel {home}")
    page = new_page()
    page.goto("/konzultace/")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    sign_in_from_link(page, check, page.get_by_role("link", name="Sign in to answer"), resident)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check(page, "consultation-answer")
    page.get_by_role("radio", name=option).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("button", name="Change my answers")).to_be_visible()
    check(page)


def test_representative_runs_a_consultation_residents_answer(new_page, check, live_server):
    title = f"Trasa optické páteře {uuid.uuid4().hex[:6]}"
    representative = new_page()
    representative.goto("/")
    sign_in(representative, check, DSO_REPRESENTATIVE)
    header_nav(representative, "Main").get_by_role("link", name="Consultations").click()
    check(representative, "consultations")
    representative.get_by_role("link", name="New consultation").click()
    check(representative, "consultation-form")

    now = datetime.now(LOCAL)
    representative.get_by_label("Title").fill(title)
    representative.get_by_label("Introduction").fill("Svazek vybírá trasu **optické páteře** mezi obcemi.")
    representative.get_by_label("Opens at").fill(local_input(now - timedelta(hours=1)))
    representative.get_by_label("Closes at").fill(local_input(now + timedelta(days=14)))
    representative.get_by_role("radio", name="Live while the consultation is open").check()
    representative.get_by_role("button", name="Create draft").click()

    check(representative, "consultation-questions")
    representative.get_by_label("Kind of question").select_option(label="Single choice")
    representative.get_by_label("Question", exact=True).fill("Kudy má vést optická páteř?")
    representative.get_by_label("An answer is required").check()
    representative.get_by_label("Options").fill("Podél silnice II/315\nPodél železnice")
    representative.get_by_role("button", name="Add question").click()
    expect(representative.get_by_role("main")).to_contain_text("Kudy má vést optická páteř?")
    representative.get_by_role("button", name="Publish").click()
    expect(representative.get_by_role("heading", level=1)).to_have_text(title)
    check(representative, "consultation")

    answer(new_page, check, live_server, title, "Česká Třebová", "Podél silnice II/315")
    answer(new_page, check, live_server, title, "Rybník", "Podél železnice")

    representative.reload()
    representative.get_by_role("link", name="Results so far").click()
    check(representative, "consultation-results")
    representative.get_by_role("navigation", name="Ways to read the results").get_by_role(
        "link", name="By municipality").click()
    by_municipality = representative.get_by_role("region", name="By municipality")
    expect(by_municipality).to_contain_text("Česká Třebová")
    expect(by_municipality).to_contain_text("Rybník")
    check(representative, "consultation-results-municipalities")

    chart = by_municipality.get_by_role("img", name="Podél silnice II/315: share of respondents by municipality")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box  # the 360 px phone, no sideways scrolling
    expect(chart.locator("desc")).to_contain_text("Česká Třebová: 100%")
    expect(chart.locator("desc")).to_contain_text("Rybník: 0%")

    visitor = new_page()
    visitor.goto(representative.url)
    expect(visitor.get_by_role("region", name="By municipality")).to_contain_text("hidden: fewer than 5 respondents")
    expect(visitor.get_by_role("img", name="Podél silnice II/315: share of respondents by municipality").locator(
        "desc")).not_to_contain_text("100%")
    check(visitor, "consultation-results-small-groups-hidden")
