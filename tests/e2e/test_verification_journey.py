"""A moderator prints letters with codes; a resident verifies with one and answers a verified-only consultation."""

import uuid
from datetime import timedelta

from playwright.sync_api import expect

from tests.e2e import data
from tests.e2e.steps import sign_in, sign_in_from_link

MODERATOR = "moderator@example.cz"  # moderator of Česká Třebová (demo data)
TOWN = "Česká Třebová"
GROUPING = "Mikroregion Orlicko-Třebovsko"


def verified_only_consultation(live_server) -> tuple[str, int, str]:
    """An open consultation of the DSO for verified residents: (title, id, the town's code)."""
    from sqlalchemy import select

    from participation.comments.models import Thread
    from participation.common.models import utcnow
    from participation.consultations.models import (
        Consultation,
        ConsultationStatus,
        Eligibility,
        Option,
        Question,
        QuestionKind,
    )
    from participation.extensions import db
    from participation.territory.models import Grouping, GroupingMembership, Municipality

    title = f"Kde postavit sběrný dvůr {uuid.uuid4().hex[:6]}"
    with live_server.app.app_context():
        grouping = db.session.scalars(select(Grouping).where(Grouping.name == GROUPING)).one()
        members = db.session.scalars(select(Municipality).join(
            GroupingMembership, GroupingMembership.municipality_id == Municipality.id).where(
            GroupingMembership.grouping_id == grouping.id, GroupingMembership.left_on.is_(None))).all()
        now = utcnow()
        consultation = Consultation(
            grouping_id=grouping.id, title=title, introduction="Jen pro **ověřené** obyvatele.",
            opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=14),
            status=ConsultationStatus.PUBLISHED, published_at=now, eligibility=Eligibility.VERIFIED_RESIDENTS,
            thread=Thread(subject_type="consultation"))
        consultation.municipalities = list(members)
        consultation.questions.append(Question(
            kind=QuestionKind.SINGLE, text="Kde má stát sběrný dvůr?", position=1, required=True,
            options=[Option(text="U nádraží", position=1), Option(text="Za humny", position=2)]))
        db.session.add(consultation)
        db.session.commit()
        code = next(m.code for m in members if m.name == TOWN)
        return title, consultation.id, code


def test_a_letter_code_opens_a_consultation_for_verified_residents(new_page, check, live_server):
    title, consultation_id, town_code = verified_only_consultation(live_server)

    office = new_page()
    office.goto(f"/obce/{town_code}")
    sign_in(office, check, MODERATOR)
    office.get_by_role("link", name="Verified residents, letters with codes, the register").click()
    check(office, "residency-office")
    office.get_by_role("link", name="Print letters with codes").click()
    check(office, "residency-letters-form")
    office.get_by_label("Number of letters").fill("2")
    office.get_by_label("Print as").select_option(label="A page to print (A4)")
    office.get_by_role("button", name="Make the letters").click()
    expect(office.locator(".letter")).to_have_count(2)
    check(office, "residency-letters")
    code = office.locator(".letter-code").first.inner_text().strip()

    resident = data.resident(live_server, home=TOWN, display_name="Věra Ověřovaná")
    page = new_page()
    page.goto(f"/konzultace/{consultation_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    sign_in_from_link(page, check, page.get_by_role("link", name="Sign in to answer"), resident)
    expect(page.locator("#why-not")).to_contain_text("verified")
    check(page, "consultation-verified-only")
    page.get_by_role("link", name="How to get verified").click()
    check(page, "residency")
    page.get_by_label("Code from the letter").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Verify with the code").click()
    expect(page.locator("#letter-code-error")).to_be_visible()
    check(page, "residency-wrong-code")
    page.get_by_label("Code from the letter").fill(code)
    page.get_by_role("button", name="Verify with the code").click()
    expect(page.locator("#residency-status")).to_contain_text("is verified")

    page.goto(f"/konzultace/{consultation_id}")
    page.get_by_role("radio", name="Za humny").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("button", name="Change my answers")).to_be_visible()
    check(page)


def test_the_office_desk_counts_each_paper_signature_once(new_page, check, live_server):
    author = data.resident(live_server, home=TOWN, display_name="Ota Autor")
    title = data.published_proposal(live_server, author, [TOWN])
    with live_server.app.app_context():
        from sqlalchemy import select

        from participation.extensions import db
        from participation.proposals.models import Proposal

        proposal_id = db.session.scalars(select(Proposal.id).where(Proposal.title == title)).one()

    desk = new_page()
    desk.goto(f"/podnety/{proposal_id}")
    sign_in(desk, check, MODERATOR)
    desk.get_by_role("link", name="Moderate this proposal").click()
    desk.get_by_role("link", name="Office desk: type in paper forms with names, each person counted once").click()
    for name, born in (("Marta Papírová", "2.2.1944"), ("Karel Listinný", "3.3.1950"), ("MARTA PAPIROVA", "2.2.1944")):
        expect(desk.get_by_label("Full name", exact=True)).to_be_focused()
        desk.keyboard.type(name)
        desk.keyboard.press("Tab")
        desk.keyboard.type("Česká Třebová, Nádražní 1")
        desk.keyboard.press("Tab")
        desk.keyboard.type(born)
        desk.keyboard.press("Enter")
    expect(desk.locator("#desk-refused")).to_contain_text("Already counted")
    expect(desk.locator("#desk-tally")).to_contain_text("2 entered, 1 refused")
    check(desk, "office-desk-refused")
    desk.get_by_role("link", name="Finish").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text(title)
    expect(desk.get_by_role("main")).to_contain_text("on paper")
