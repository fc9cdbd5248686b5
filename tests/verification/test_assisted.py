"""Filing supports on a resident's behalf: paper participants, accounts with consent, duplicates refused."""

from datetime import date

import pytest
from sqlalchemy import func, select

from participation.accounts.models import RoleKind
from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.proposals import services as proposal_services
from participation.proposals.models import Support, SupportSource
from participation.verification import assisted, residency
from participation.verification.models import AssistedEntry, DocumentKind, PaperParticipant
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    RoleFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)
from tests.proposals.factories import ProposalFactory

BORN = date(1950, 3, 14)


@pytest.fixture
def world(app):
    here, there = MunicipalityFactory(name="Libchavy", code="580376"), MunicipalityFactory(name="Kunvald")
    proposal = ProposalFactory(municipalities=[here, there])
    return {"here": here, "there": there, "grouping": GroupingFactory(members=[here]), "proposal": proposal,
            "moderator": moderator_of(here), "resident": UserFactory(home_municipality=here, email="jana@example.cz")}


@pytest.fixture
def ctx(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        yield


def _supports(proposal) -> int:
    return db.session.scalar(select(func.count(Support.id)).where(Support.proposal_id == proposal.id))


def _paper(world, name="Josef Novák", born=BORN, code=""):
    return assisted.file_paper_support(world["moderator"], world["proposal"], world["here"].id, name,
                                       "Libchavy 7", born, code)


def test_a_paper_support_is_counted_once_however_often_it_is_typed_in(ctx, world):
    first = _paper(world, code="P-12")
    assert first.kind == "paper" and first.paper_participant.name == "Josef Novák"
    support = db.session.get(Support, first.support_id)
    assert support.source == SupportSource.PAPER and support.user_id is None
    with pytest.raises(assisted.DuplicateEntry, match=rf"no\. {first.id} \(P-12\)"):
        _paper(world, name="JOSEF  NOVAK")
    assert _supports(world["proposal"]) == 1
    assert db.session.scalar(select(func.count(PaperParticipant.id))) == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "proposal.assisted_support"))
    assert entry.actor_id == world["moderator"].id and entry.details["kind"] == "paper"


def test_the_same_name_with_another_birth_date_is_another_person(ctx, world):
    _paper(world)
    _paper(world, born=date(1980, 1, 1))
    assert _supports(world["proposal"]) == 2


def test_an_account_supported_online_is_refused_on_paper(ctx, world):
    resident = world["resident"]
    residency.verify_in_person(world["moderator"], resident, DocumentKind.ID_CARD, "Jana Dvořáková", BORN)
    assert proposal_services.support(resident, world["proposal"])
    with pytest.raises(assisted.DuplicateEntry, match="online"):
        _paper(world, name="Jana Dvořáková")
    assert _supports(world["proposal"]) == 1


def test_a_paper_support_by_a_verified_person_blocks_their_online_support(ctx, world):
    resident = world["resident"]
    residency.verify_in_person(world["moderator"], resident, DocumentKind.ID_CARD, "Jana Dvořáková", BORN)
    entry = _paper(world, name="Jana Dvořáková")
    assert entry.kind == "account" and entry.user_id == resident.id
    assert proposal_services.support(resident, world["proposal"]) is False
    assert _supports(world["proposal"]) == 1


def test_verifying_later_merges_earlier_paper_supports_into_the_account(ctx, world):
    other = ProposalFactory(municipalities=[world["here"]])
    _paper(world, name="Jana Dvořáková")
    assisted.file_paper_support(world["moderator"], other, world["here"].id, "Jana Dvořáková", "Libchavy 7", BORN)
    resident = world["resident"]
    assert proposal_services.support(resident, other)  # before verification nobody knew it was her
    assert _supports(other) == 2
    residency.verify_in_person(world["moderator"], resident, DocumentKind.PASSPORT, "Jana Dvořáková", BORN)
    assert _supports(other) == 1 and _supports(world["proposal"]) == 1
    assert db.session.scalar(select(Support.user_id).where(Support.proposal_id == world["proposal"].id)) == resident.id
    assert proposal_services.support(resident, world["proposal"]) is False


def test_an_account_support_needs_consent_and_is_counted_once(ctx, world):
    resident = world["resident"]
    with pytest.raises(residency.VerificationError, match="agreed"):
        assisted.file_account_support(world["moderator"], world["proposal"], resident, False)
    entry = assisted.file_account_support(world["moderator"], world["proposal"], resident, True, "K-1")
    assert entry.consent and entry.user_id == resident.id
    with pytest.raises(assisted.DuplicateEntry, match=rf"no\. {entry.id}"):
        assisted.file_account_support(world["moderator"], world["proposal"], resident, True)
    assert proposal_services.support(resident, world["proposal"]) is False
    assert _supports(world["proposal"]) == 1


def test_erasing_a_paper_participant_keeps_the_count_and_still_refuses_duplicates(ctx, world):
    entry = _paper(world)
    assisted.erase_paper_participant(world["moderator"], entry.paper_participant)
    participant = db.session.get(PaperParticipant, entry.paper_participant_id)
    assert participant.name == "" and participant.address == "" and participant.erased_at is not None
    assert _supports(world["proposal"]) == 1
    with pytest.raises(assisted.DuplicateEntry):
        _paper(world)


# --- Through the office desk ---------------------------------------------------------------------

ROLES = {
    "resident": lambda w: w["resident"],
    "moderator in scope": lambda w: w["moderator"],
    "moderator elsewhere": lambda w: moderator_of(MunicipalityFactory()),
    "representative of its grouping": lambda w: representative_of(w["grouping"]),
    "administrator": lambda w: administrator(),
    "administrator of its region": lambda w: RoleFactory(kind=RoleKind.ADMINISTRATOR, region=w["here"].region).user,
}
OFFICE = {"moderator in scope", "administrator", "administrator of its region"}
FORM = {"municipality": "", "name": "Josef Novák", "address": "Libchavy 7", "born_on": "14.3.1950",
        "form_code": "P-1"}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_who_may_file_a_paper_support(client, login, world, role):
    login(ROLES[role](world))
    url = f"/podnety/{world['proposal'].id}/za-obcana"
    page = client.get(url)
    sent = client.post(url, data={**FORM, "municipality": world["here"].id})
    if role in OFFICE:
        assert page.status_code == 200 and sent.status_code in (302, 303)
        assert _supports(world["proposal"]) == 1
    else:
        assert page.status_code == 403 and sent.status_code == 403
        assert _supports(world["proposal"]) == 0


def test_the_desk_counts_entries_and_refused_duplicates_and_names_the_earlier_entry(client, login, world):
    login(world["moderator"])
    url = f"/podnety/{world['proposal'].id}/za-obcana?od=2000-01-01T00:00:00%2B00:00"
    first = client.post(url, data={**FORM, "municipality": world["here"].id})
    assert first.status_code in (302, 303) and "od=" in first.headers["Location"]
    again = client.post(url, data={**FORM, "name": "josef novak", "municipality": world["here"].id})
    body = again.get_data(as_text=True)
    entry = db.session.scalar(select(AssistedEntry))
    assert again.status_code == 422 and 'id="desk-refused"' in body and f"{entry.id}" in body
    assert 'value="josef novak"' in body  # what was typed is kept
    tally = client.get(url).get_data(as_text=True)
    assert "1 entered, 1 refused" in tally or "zapsáno 1, odmítnuto 1" in tally
    assert _supports(world["proposal"]) == 1


@pytest.mark.parametrize("change, field", [
    ({"name": ""}, "name"),
    ({"address": ""}, "address"),
    ({"born_on": "zítra"}, "born_on"),
    ({"born_on": ""}, "born_on"),
    ({"email": "not-an-email"}, "email"),
])
def test_bad_input_on_the_desk_is_shown_next_to_the_field(client, login, world, change, field):
    login(world["moderator"])
    response = client.post(f"/podnety/{world['proposal'].id}/za-obcana",
                           data={**FORM, "municipality": world["here"].id, **change})
    assert response.status_code == 422 and f'id="{field}-error"' in response.get_data(as_text=True)
    assert _supports(world["proposal"]) == 0


def test_staff_cannot_file_for_a_municipality_outside_their_office(client, login, world):
    login(world["moderator"])
    outside = client.post(f"/podnety/{world['proposal'].id}/za-obcana",
                          data={**FORM, "municipality": world["there"].id})
    assert outside.status_code == 422 and 'id="municipality-error"' in outside.get_data(as_text=True)
    stranger = UserFactory(home_municipality=world["there"], email="jinde@example.cz")
    account = client.post(f"/podnety/{world['proposal'].id}/za-obcana",
                          data={"municipality": world["here"].id, "email": stranger.email, "consent": "y"})
    assert account.status_code == 422 and 'id="email-error"' in account.get_data(as_text=True)
    assert _supports(world["proposal"]) == 0


def test_an_account_support_at_the_desk_needs_consent(client, login, world):
    login(world["moderator"])
    url = f"/podnety/{world['proposal'].id}/za-obcana"
    without = client.post(url, data={"municipality": world["here"].id, "email": "jana@example.cz"})
    assert without.status_code == 422 and 'id="consent-error"' in without.get_data(as_text=True)
    with_consent = client.post(url, data={"municipality": world["here"].id, "email": "jana@example.cz",
                                          "consent": "y"})
    assert with_consent.status_code in (302, 303)
    entry = db.session.scalar(select(AssistedEntry))
    assert entry.consent and entry.user_id == world["resident"].id


def test_paper_supports_are_marked_publicly_and_names_stay_private(client, login, world):
    with client.application.test_request_context("/"):
        _paper(world)
    page = client.get(f"/podnety/{world['proposal'].id}").get_data(as_text=True)
    assert "Josef Novák" not in page and "Libchavy 7" not in page
    assert "na papíře" in page or "on paper" in page


@pytest.mark.parametrize("role", sorted(ROLES))
def test_who_sees_paper_participants(client, login, world, role):
    with client.application.test_request_context("/"):
        entry = _paper(world)
    login(ROLES[role](world))
    page = client.get("/obce/580376/papirovi-ucastnici")
    erase = client.post(f"/obce/580376/papirovi-ucastnici/{entry.paper_participant_id}/odstranit")
    participant = db.session.get(PaperParticipant, entry.paper_participant_id)
    if role in OFFICE:
        assert page.status_code == 200 and "Josef Novák" in page.get_data(as_text=True)
        assert erase.status_code in (302, 303) and participant.erased_at is not None
    else:
        assert page.status_code == 403 and erase.status_code == 403
        assert participant.name == "Josef Novák"


def test_the_paper_participants_page_has_a_fixed_number_of_queries(client, login, world, count_queries):
    with client.application.test_request_context("/"):
        for number in range(4):
            _paper(world, name=f"Osoba {number}")
    login(world["moderator"])
    with count_queries() as queries:
        page = client.get("/obce/580376/papirovi-ucastnici")
    assert page.status_code == 200 and page.get_data(as_text=True).count('id="paper-participant-') == 4
    assert queries["n"] <= 10
