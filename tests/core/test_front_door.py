"""The home page: what is alive now, rendered once for every visitor and fresh after every write."""

from datetime import timedelta

import pytest

from participation.common.models import utcnow
from participation.core.front_door import PublicCards
from participation.extensions import cache, db
from participation.projects.models import ProjectStatus
from participation.proposals import moderation, services
from participation.proposals.models import ProposalStatus
from tests.consultations.factories import make_consultation
from tests.factories import MunicipalityFactory, UserFactory, moderator_of
from tests.projects.factories import ProjectFactory
from tests.proposals.factories import DraftFactory, ProposalFactory, supporters


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def place(app):
    return MunicipalityFactory(name="Horní Lhota")


def test_visitors_see_what_is_alive_and_nothing_private(client, place):
    supported = ProposalFactory(title="Optika do Horní Lhoty", municipalities=[place])
    supporters(supported, place, 3)
    ProposalFactory(title="Nová lávka přes potok", municipalities=[place])
    ProposalFactory(title="Skrytý podnět o skládce", municipalities=[place], hidden_at=utcnow())
    DraftFactory(title="Rozepsaný koncept", municipalities=[place])
    make_consultation(municipalities=[place], title="Kudy povede optika")
    make_consultation(municipalities=[place], title="Uzavřená anketa", phase="closed")
    ProjectFactory(title="Vodovod dokončen", municipalities=[place], status=ProjectStatus.DONE, done_at=utcnow())
    ProjectFactory(title="Stavba běží", municipalities=[place], status=ProjectStatus.BUILDING)

    html = _home(client)

    assert "Optika do Horní Lhoty" in html and "Nová lávka přes potok" in html
    assert "3 podpory" in html
    assert "Kudy povede optika" in html
    assert "Vodovod dokončen" in html
    for absent in ("Skrytý podnět o skládce", "Rozepsaný koncept", "Uzavřená anketa", "Stavba běží"):
        assert absent not in html
    assert 'href="/podnety/novy"' in html  # the clear "write a proposal" action


def test_the_most_supported_card_leaves_out_proposals_that_no_longer_gather_support(client, place):
    withdrawn = ProposalFactory(title="Stažený podnět", municipalities=[place], status=ProposalStatus.WITHDRAWN)
    supporters(withdrawn, place, 5)
    html = _home(client)
    supported_section = html.split('id="home-supported"')[1].split("</section>")[0] if 'id="home-supported"' in html else ""
    assert "Stažený podnět" not in supported_section
    assert "Stažený podnět" in html  # still among the newest, with its status


def test_cards_are_rendered_once_for_every_visitor(app, client, place, count_queries):
    ProposalFactory(title="Optika do Horní Lhoty", municipalities=[place])
    make_consultation(municipalities=[place])
    with count_queries() as first:
        _home(client)
    with count_queries(keep_cache=True) as second:
        html = app.test_client().get("/").get_data(as_text=True)
    assert first["n"] <= 12
    assert second["n"] == 0, second["statements"]
    assert "Optika do Horní Lhoty" in html


def test_every_write_that_changes_a_card_shows_at_once(client, place):
    proposal = ProposalFactory(title="Optika do Horní Lhoty", municipalities=[place])
    assert "0 podpor" in _home(client)

    services.support(UserFactory(home_municipality=place), proposal)
    assert "1 podpora" in _home(client)

    moderation.add_official_answer(moderator_of(place), proposal, "Obec jedná s operátorem.", municipality_id=place.id)
    assert "Obec jedná s operátorem." in _home(client)

    newcomer = ProposalFactory(title="Chodník ke škole", municipalities=[place])
    assert "Chodník ke škole" in _home(client)

    newcomer.hidden_at = utcnow()
    db.session.commit()
    assert "Chodník ke škole" not in _home(client)


def test_each_language_gets_its_own_rendering(client, place):
    ProposalFactory(municipalities=[place])
    assert "Nejnovější podněty" in _home(client)
    client.set_cookie("lang", "en")
    assert "Newest proposals" in _home(client)


def test_cards_stay_true_only_until_the_next_consultation_opens_or_closes(app):
    now = utcnow()
    empty = PublicCards([], [], [], [], [])
    assert empty.seconds_valid(now) is None  # nothing changes with time: kept until a write
    closing = PublicCards([], [], [], [], [], next_change=now + timedelta(minutes=2))
    assert 119 <= closing.seconds_valid(now) <= 121


def test_a_consultation_that_opens_later_sets_when_the_cards_expire(app, client, place):
    upcoming = make_consultation(municipalities=[place], phase="upcoming", title="Brzy otevřená")
    from participation.core.front_door import public_cards

    cards = public_cards()
    assert cards.next_change == upcoming.opens_at
    assert "Brzy otevřená" not in _home(client)


def test_an_unreachable_cache_renders_the_page_anyway(app, client, place, monkeypatch):
    ProposalFactory(title="Optika do Horní Lhoty", municipalities=[place])

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", unreachable)
    assert "Optika do Horní Lhoty" in _home(client)


def test_a_resident_sees_their_municipality_and_what_awaits_them_first(client, login, place):
    resident = UserFactory(home_municipality=place)
    elsewhere = MunicipalityFactory(name="Dolní Ves")
    ProposalFactory(title="Optika do Horní Lhoty", municipalities=[place])
    ProposalFactory(title="Most v Dolní Vsi", municipalities=[elsewhere])
    make_consultation(municipalities=[place], title="Kudy povede optika")
    DraftFactory(title="Můj rozepsaný podnět", author=resident, municipalities=[place])
    login(resident)

    html = _home(client)

    personal = html.split('id="home-personal"')[1].split('id="home-cards"')[0]
    assert "V obci Horní Lhota" in personal or "Horní Lhota" in personal
    assert "Optika do Horní Lhoty" in personal and "Most v Dolní Vsi" not in personal
    assert "Kudy povede optika" in personal
    assert "Můj rozepsaný podnět" in personal
    assert "Můj rozepsaný podnět" not in html.split('id="home-cards"')[1]  # drafts stay private


def test_a_resident_without_a_home_municipality_is_told_where_to_set_it(client, login):
    login(UserFactory(home_municipality=None))
    assert "/profil" in _home(client) or "profil" in _home(client)


def test_the_personal_part_costs_a_fixed_number_of_queries(app, client, login, place, count_queries):
    resident = UserFactory(home_municipality=place)
    for n in range(6):
        ProposalFactory(title=f"Podnět {n}", municipalities=[place])
        make_consultation(municipalities=[place], title=f"Anketa {n}")
    login(resident)
    _home(client)  # the public cards are now kept
    with count_queries(keep_cache=True) as counter:
        _home(client)
    assert counter["n"] == 0, counter["statements"]  # what awaits me is remembered, my municipality's section kept
