"""A resident follows a municipality; a new proposal there and its official answer reach them as one notification."""

from playwright.sync_api import expect

from tests.e2e import data
from tests.e2e.steps import header_nav, sign_in_from_link


def _municipality_code(live_server, name: str) -> str:
    from sqlalchemy import select

    from participation.territory.models import Municipality

    with live_server.app.app_context():
        from participation.extensions import db

        return db.session.scalars(select(Municipality.code).where(Municipality.name == name)).one()


def _official_answer(live_server, title: str, municipality: str) -> None:
    """The municipality answers the proposal, as its moderator does on the proposal's page."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.proposals import moderation
    from participation.proposals.models import Proposal

    moderator = data.resident(live_server, home=municipality, display_name="Starostka Věra")
    with live_server.app.app_context():
        proposal = db.session.scalars(select(Proposal).where(Proposal.title == title)).one()
        actor = data._user(moderator)
        moderation.add_official_answer(actor, proposal, "Svoz zajistíme od jara společně s Českou Třebovou.",
                                       municipality_id=data._municipality(municipality).id)


def _deliver(live_server) -> None:
    """Let the server's background worker fan the events out (it runs after each response)."""
    from participation.notifications.dispatch import dispatch_pending
    from participation.notifications.queue import wait_for_background_jobs

    wait_for_background_jobs(10)
    with live_server.app.app_context():
        dispatch_pending()  # whatever the worker had not picked up yet


def test_resident_follows_a_municipality_and_hears_of_a_new_proposal_there(new_page, check, live_server):
    resident = data.resident(live_server, home="Česká Třebová", display_name="Marie Sousedová")
    author = data.resident(live_server, home="Dlouhá Třebová", display_name="Eva Autorka")
    page_url = f"/obce/{_municipality_code(live_server, 'Dlouhá Třebová')}"

    page = new_page()
    page.goto(page_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dlouhá Třebová")
    check(page)
    sign_in_from_link(page, check, page.get_by_role("link", name="Sign in to follow"), resident)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dlouhá Třebová")
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_text("You follow this.")).to_be_visible()
    expect(page.get_by_role("button", name="Unfollow")).to_be_visible()
    check(page, "municipality-followed")

    # The notification settings list the place.
    page.goto("/oznameni/nastaveni")
    places = page.get_by_role("region", name="Places I follow")
    expect(places.get_by_role("link", name="Dlouhá Třebová")).to_be_visible()
    check(page, "preferences-places")

    title = data.published_proposal(live_server, author, ["Dlouhá Třebová"], grouping=None)
    _deliver(live_server)
    _official_answer(live_server, title, "Dlouhá Třebová")
    _deliver(live_server)

    page.goto(page_url)
    link = header_nav(page, "Account").get_by_role("link", name="Notifications")
    expect(link).to_contain_text("1 unread")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    item = page.get_by_role("listitem").filter(has_text=title)
    expect(item).to_have_count(1)  # both events in one notification
    expect(item).to_contain_text(f"“{title}”: a new proposal and an official answer.")
    expect(item).to_contain_text("Latest: Starostka Věra gave an official answer")
    check(page, "notifications-bundled")

    item.get_by_role("link", name=f"“{title}”: a new proposal and an official answer.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(header_nav(page, "Account").get_by_role("link", name="Notifications")).not_to_contain_text(
        "unread")
    check(page)
