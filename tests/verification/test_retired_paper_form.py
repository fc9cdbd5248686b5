"""The old anonymous "Record a paper support" form is retired: every paper support goes through the desk."""

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.proposals.models import Support, SupportSource
from tests.factories import GroupingFactory, MunicipalityFactory, UserFactory, moderator_of, representative_of
from tests.proposals.factories import ProposalFactory


@pytest.fixture
def world(app):
    here = MunicipalityFactory(name="Libchavy", code="580376")
    proposal = ProposalFactory(municipalities=[here])
    return {"here": here, "proposal": proposal, "moderator": moderator_of(here),
            "representative": representative_of(GroupingFactory(members=[here])),
            "resident": UserFactory(home_municipality=here)}


def _supports() -> int:
    return db.session.scalar(select(func.count(Support.id)))


@pytest.mark.parametrize("who", ["moderator", "representative", "resident", "visitor"])
def test_the_old_route_sends_everyone_to_the_desk_and_records_nothing(client, login, world, who):
    if who != "visitor":
        login(world[who])
    url = f"/podnety/{world['proposal'].id}/papirova-podpora"
    desk = f"/podnety/{world['proposal'].id}/za-obcana"
    for data in ({"paper-municipality": str(world["here"].id), "paper-note": "formulář 12"},
                 {"paper-municipality": "not a number"}, {}):
        sent = client.post(url, data=data)
        assert sent.status_code == 303 and sent.headers["Location"].endswith(desk)
    opened = client.get(url)
    assert opened.status_code == 301 and opened.headers["Location"].endswith(desk)
    assert _supports() == 0
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0


def test_following_the_redirect_the_office_gets_the_desk_and_others_are_refused(client, login, world):
    url = f"/podnety/{world['proposal'].id}/papirova-podpora"
    login(world["moderator"])
    assert client.post(url, follow_redirects=True).status_code == 200
    login(world["representative"])
    assert client.post(url, follow_redirects=True).status_code == 403


@pytest.mark.parametrize("who, shown", [("moderator", True), ("representative", False)])
def test_the_moderate_page_links_the_desk_instead_of_the_old_form(client, login, world, who, shown):
    login(world[who])
    page = client.get(f"/podnety/{world['proposal'].id}/moderovat").get_data(as_text=True)
    assert "/papirova-podpora" not in page and 'name="paper-note"' not in page
    assert (f'href="/podnety/{world["proposal"].id}/za-obcana"' in page) is shown


def test_paper_supports_recorded_by_the_old_form_stay_counted(client, login, world):
    proposal = world["proposal"]
    for _ in range(2):
        db.session.add(Support(proposal_id=proposal.id, user_id=None, municipality_id=world["here"].id,
                               source=SupportSource.PAPER, recorded_by_id=world["moderator"].id))
    db.session.commit()
    login(world["moderator"])
    page = client.get(f"/podnety/{proposal.id}/moderovat").get_data(as_text=True)
    assert "Zatím zapsány 2 podpory z papíru." in page  # the moderator's language is Czech
    assert _supports() == 2
