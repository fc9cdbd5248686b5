"""A hamlet from "no connection" to connected: a resident reports, an operator disputes the status, the
moderator decides, a project connects it (JS on and off)."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.data import resident
from tests.e2e.steps import sign_in, sign_out, starting_with

MUNICIPALITY = "Ústí nad Orlicí"  # the demo operator Orlicko Net works here (operators/seed.py)
MUNICIPALITY_CODE = "579891"
OPERATOR = "Orlicko Net s.r.o."
BACKBONE = "Páteřní optická síť Česká Třebová – Ústí nad Orlicí"  # localities/seed.py


def _hamlet_with_two_paper_reports(live_server) -> str:
    """A fresh remote hamlet with two office-recorded reports of no connection: one short of a status."""
    from sqlalchemy import select

    from participation.accounts.models import User
    from participation.common.text import fold
    from participation.extensions import db
    from participation.localities import reports
    from participation.localities.models import FixedTechnology, Locality, MobileSignal
    from participation.territory.models import Municipality

    name = f"Zadní Houžovec {uuid.uuid4().hex[:4]}"
    with live_server.app.app_context():
        municipality = db.session.scalars(select(Municipality).where(Municipality.name == MUNICIPALITY)).one()
        office = db.session.scalars(select(User).where(User.email == "moderator.usti@example.cz")).one()
        hamlet = Locality(municipality_id=municipality.id, name=name, search_name=fold(name), dwellings=14,
                          inhabitants=31, latitude=49.99, longitude=16.43)
        db.session.add(hamlet)
        db.session.commit()
        none = reports.ReportData(fixed_technology=FixedTechnology.NONE, mobile_signal=MobileSignal.WEAK)
        for number in (1, 2):
            reports.record_for_resident(office, hamlet, none, f"Papírový formulář č. {number}")
    return name


def _open_hamlet(page, check, hamlet: str, name: str) -> None:
    page.goto(f"/obce/{MUNICIPALITY_CODE}")  # the municipality's page lists its localities
    page.get_by_role("region", name="Connection").get_by_role("link", name=hamlet).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(hamlet)
    check(page, name)


def test_a_hamlet_goes_from_no_connection_to_connected(new_page, check, live_server, javascript):
    hamlet = _hamlet_with_two_paper_reports(live_server)
    email = resident(live_server, MUNICIPALITY, "Marie Na Samotě")
    page = new_page()
    connection = page.get_by_role("region", name="Connection", exact=True)

    # A resident reports "no connection": the third report, so the hamlet shows as unserved.
    page.goto("/")
    sign_in(page, check, email)
    _open_hamlet(page, check, hamlet, "hamlet-too-few")
    expect(connection).to_contain_text("Too few reports")
    connection.get_by_role("link", name="Report my connection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report my connection")
    expect(page.get_by_label("Where you live")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Fixed connection available").select_option("none")
    page.get_by_label("Mobile signal indoors").select_option("weak")
    page.get_by_label("Advertised download (Mbit/s)").fill("-5")
    send = page.get_by_role("button", name="Send the report")
    send.click()  # a negative speed is refused next to the field, what was chosen is kept
    expect(page.locator("#advertised_download-error")).to_contain_text("negative")
    expect(page.get_by_label("Fixed connection available")).to_have_value("none")
    check(page, "report-refused")
    page.get_by_label("Advertised download (Mbit/s)").fill("")
    page.get_by_label("An operator refused to connect me").check()
    send.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(hamlet)
    expect(connection).to_contain_text("Unserved")
    expect(connection).to_contain_text("3 current reports")
    expect(page.get_by_role("main")).not_to_contain_text("Marie Na Samotě")
    check(page, "hamlet-unserved")
    sign_out(page)

    # The operator disputes the status: it says it offers fixed wireless there now.
    sign_in(page, check, "operator@example.cz")
    _open_hamlet(page, check, hamlet, "hamlet-operator")
    page.get_by_role("link", name=f"Declare for {OPERATOR}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Declare the service at {hamlet}")
    reports_table = page.get_by_role("table")
    expect(reports_table.get_by_role("row")).to_have_count(4)  # the header and three anonymised reports
    expect(page.get_by_role("main")).not_to_contain_text("Papírový formulář")  # office notes stay private
    check(page, "declare")
    page.get_by_label("We offer this service here now").check()
    page.get_by_label("Technology").select_option("fixed_wireless")
    page.get_by_label("Top download (Mbit/s)").fill("100")
    page.locator("#explanation").fill("Vysílač na Andrlově chlumu pokrývá celou osadu.")  # the declaration's; each report row has its own
    page.get_by_role("button", name="Publish the declaration").click()
    operators = page.get_by_role("region", name="What operators declare")
    expect(operators).to_contain_text("Vysílač na Andrlově chlumu")
    expect(connection).to_contain_text("Unserved")  # nobody confirmed it: it does not count yet
    check(page, "declared")
    sign_out(page)

    # The resident disputes the operator's declaration: it goes to the municipality.
    sign_in(page, check, email)
    _open_hamlet(page, check, hamlet, "hamlet-declared")
    operators.get_by_role("link", name="Confirm or dispute").click()
    page.get_by_label(starting_with("I dispute it")).check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator("#explanation-error")).to_contain_text("Say why you dispute it")
    check(page, "dispute-refused")
    page.get_by_label(starting_with("I dispute it")).check()
    page.get_by_label(starting_with("Why")).fill("Anténa u nás signál nechytí, technik přípojku odmítl.")
    page.get_by_role("button", name="Send my answer").click()
    expect(operators).to_contain_text("Disputed: the municipality decides")
    check(page, "disputed")
    sign_out(page)

    # The moderator sees it waiting in the inbox and rejects the declaration.
    sign_in(page, check, "moderator.usti@example.cz")
    page.goto("/schranka")
    waiting = page.get_by_role("region", name="Connectivity")
    expect(waiting).to_contain_text(hamlet)
    check(page, "inbox-connectivity")
    _open_hamlet(page, check, hamlet, "hamlet-moderator")
    operators.get_by_role("link", name="Decide the dispute").click()
    expect(page.get_by_role("main")).to_contain_text("Anténa u nás signál nechytí")
    page.get_by_label(starting_with("Reject")).check()
    page.get_by_label(starting_with("Reason")).fill("Měření na místě ukázalo, že signál osadu nepokrývá.")
    check(page, "decide")
    page.get_by_role("button", name="Record the decision").click()
    expect(operators).to_contain_text("Rejected by the municipality")
    expect(operators).to_contain_text("Měření na místě ukázalo")
    expect(connection).to_contain_text("Unserved")

    # A project covers the hamlet; once it records connected dwellings, the status follows.
    chain = page.get_by_role("region", name="From reports to connection")
    chain.get_by_role("link", name="Name a project covering it").click()
    page.get_by_label("Project").select_option(label=BACKBONE)
    page.get_by_label("Dwellings it will connect").fill("14")
    check(page, "cover")
    page.get_by_role("button", name="Save").click()
    expect(chain).to_contain_text("14 dwellings to connect")
    expect(connection).to_contain_text("Unserved")
    chain.get_by_label("Dwellings connected so far").fill("99")
    chain.get_by_role("button", name="Record").click()  # more than it covers: refused next to the field
    expect(page.locator("#connected_dwellings-error")).to_contain_text("from 0 to 14")
    check(page, "connected-refused")
    page.get_by_label("Dwellings connected so far").fill("14")
    page.get_by_role("button", name="Save").click()
    expect(chain).to_contain_text("connected: 14 of 14 dwellings")
    expect(connection).to_contain_text("Gigabit")
    check(page, "hamlet-connected")
