"""A municipal moderator asks the DSO's energy manager about a proposal; the advisor answers from My Spolu; the
answer shows on the proposal as an expert opinion with the advisor's name and field."""

from playwright.sync_api import expect

from tests.e2e import data
from tests.e2e.steps import open_filters, sign_in, sign_out

MODERATOR = "moderator@example.cz"  # moderator of Česká Třebová (demo data)
ADVISOR = "energetik@example.cz"  # the DSO's energy manager (demo data), serves Česká Třebová through the DSO
ADVISOR_OPTION = "Ing. Petra Šetrná – Energy (Mikroregion Orlicko-Třebovsko)"


def open_proposal(page, check, title: str) -> None:
    page.goto("/podnety/")
    open_filters(page)
    page.get_by_label("Search in titles and descriptions").fill(title)
    page.get_by_role("button", name="Show proposals").click()
    page.wait_for_load_state("networkidle")  # both htmx swaps land before the click
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check(page)


def test_moderator_asks_an_advisor_who_answers_on_the_proposal(page, check, live_server):
    author = data.resident(live_server, home="Česká Třebová", display_name="Eva Autorka")
    title = data.published_proposal(live_server, author, ["Česká Třebová"])
    question = "Vyplatí se obci výměna veřejného osvětlení za LED?"

    open_proposal(page, check, title)
    sign_in(page, check, MODERATOR)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("region", name="Expert opinions").get_by_role("link", name="Ask an advisor about this").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask an advisor")
    check(page, "advisor-ask")
    page.get_by_label("Asked for").select_option(label="Česká Třebová")
    page.get_by_label("Advisor", exact=True).select_option(label=ADVISOR_OPTION)
    page.get_by_label("Question in one line").fill(question)
    page.get_by_label("Details").fill("Máme 180 sodíkových výbojek z roku 1998.")
    page.get_by_role("button", name="Send the question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    expect(page.get_by_role("status").filter(has_text="The question was sent.")).to_be_visible()
    check(page, "advisor-question")
    sign_out(page)

    sign_in(page, check, ADVISOR)
    page.goto("/muj-spolu")
    mine = page.get_by_role("region", name="Questions for me as an advisor")
    check(page, "advisor-my-spolu")
    mine.get_by_role("link", name=question).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    page.get_by_role("link", name="Answer the question").click()
    check(page, "advisor-answer")
    page.get_by_label("Your answer").fill("Ano: LED sníží spotřebu o 60 % a návratnost je kolem 7 let.")
    page.get_by_role("button", name="Publish the answer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    opinions = page.get_by_role("region", name="Expert opinions")
    expect(opinions).to_contain_text("Ing. Petra Šetrná, Energy")
    expect(opinions).to_contain_text("LED sníží spotřebu o 60 %")
    check(page, "proposal-expert-opinion")
