"""Following places: municipalities, groupings and localities, and what reaches their followers."""

import pytest
from sqlalchemy import select

from participation.common.old_addresses import CZECH
from participation.extensions import db
from participation.follows import services as follows
from participation.localities.models import ConnectionStatus, FixedTechnology
from participation.notifications import services
from participation.notifications.dispatch import dispatch_pending
from participation.notifications.models import Notification
from participation.operators import declarations
from participation.operators.declarations import DeclarationData
from participation.operators.models import DeclarationKind
from tests.factories import GroupingFactory, MunicipalityFactory
from tests.follows.factories import PlainProposalFactory, UserFactory
from tests.localities.conftest import residents, world  # noqa: F401  (fixtures used here)
from tests.notifications.helpers import fire, ids
from tests.operators.conftest import operators, reported  # noqa: F401  (fixtures used here)

FIBRE = DeclarationData(DeclarationKind.CURRENT, FixedTechnology.FIBRE, 1000, 300)


def _texts(app, user) -> list[str]:
    db.session.expire_all()
    rows = list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))
    with app.test_request_context(headers={"Accept-Language": "en"}):
        return [f"{e.text} {e.detail}".strip() for e in services.entries_for(user, rows)]


# --- the button on the municipality and grouping pages ------------------------------


@pytest.mark.parametrize("kind", ["municipality", "grouping"])
def test_follow_a_place_from_its_page_without_javascript(app, client, login, kind):
    place = MunicipalityFactory(name="Lhota pod Horou") if kind == "municipality" else GroupingFactory(
        name="Mikroregion Podhůří")
    page = f"/obce/{place.code}" if kind == "municipality" else f"/seskupeni/{place.id}"
    html = client.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Sign in to follow" in html and "0 followers" in html
    user = UserFactory(locale="en")
    login(user)
    html = client.get(page).get_data(as_text=True)
    assert f'action="/sledovani/{CZECH[kind]}/{place.id}"' in html
    response = client.post(f"/sledovani/{CZECH[kind]}/{place.id}", data={"next": page})
    assert response.status_code in (302, 303) and response.headers["Location"].endswith(page)
    html = client.get(page).get_data(as_text=True)
    assert "You follow this." in html and "1 follower" in html
    assert f'action="/sledovani/{CZECH[kind]}/{place.id}/smazat"' in html
    # The notification settings list it, with its own unfollow button.
    html = client.get("/oznameni/nastaveni").get_data(as_text=True)
    assert "Places I follow" in html and place.name in html
    client.post(f"/sledovani/{CZECH[kind]}/{place.id}/smazat", data={"next": "/oznameni/nastaveni"})
    assert not follows.is_following(user, place)
    html = client.get("/oznameni/nastaveni").get_data(as_text=True)
    assert "You do not follow any place yet." in html


def test_follow_a_municipality_with_htmx_swaps_the_button(app, client, login):
    place = MunicipalityFactory(name="Lhota pod Horou")
    login(UserFactory(locale="en"))
    response = client.post(f"/sledovani/obec/{place.id}", data={"next": f"/obce/{place.code}"},
                           headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.strip().startswith(f'<div id="follow-municipality-{place.id}"')
    assert "Unfollow" in html and "<html" not in html


# --- what reaches followers of a municipality or grouping ---------------------------


@pytest.fixture
def place(app):
    home = MunicipalityFactory(name="Lhota pod Horou")
    grouping = GroupingFactory(name="Mikroregion Podhůří", members=[home])
    follower = UserFactory(locale="en", display_name="Hana")
    grouping_follower = UserFactory(locale="en")
    bystander = UserFactory(locale="en")
    follows.follow(follower, home)
    follows.follow(grouping_follower, grouping)
    author = UserFactory(display_name="Alena")
    return {"home": home, "grouping": grouping, "follower": follower, "grouping_follower": grouping_follower,
            "bystander": bystander, "author": author}


def test_a_new_proposal_and_its_official_answer_reach_the_places_followers(app, place):
    proposal = PlainProposalFactory(author=place["author"], title="Lavička u rybníka",
                                    municipalities=[place["home"]], grouping=place["grouping"])
    _, heard = fire("proposal.published", "proposal", proposal.id, place["author"])
    assert heard == ids(place["follower"], place["grouping_follower"])
    moderator = UserFactory(display_name="Starostka")
    _, heard = fire("proposal.official_answer", "proposal", proposal.id, moderator)
    assert ids(place["follower"], place["grouping_follower"]) <= heard
    assert place["bystander"].id not in heard
    # One notification for the proposal, counting both.
    assert _texts(app, place["follower"]) == [
        "“Lavička u rybníka”: a new proposal and an official answer. "
        "Latest: Starostka gave an official answer on “Lavička u rybníka”."
    ]


def test_a_consultation_reaches_followers_of_a_participating_municipality(app, place):
    from tests.consultations.factories import make_consultation

    outsider = MunicipalityFactory()
    consultation = make_consultation(place["grouping"], [place["home"], outsider], phase="open")
    _, heard = fire("consultation.opened", "consultation", consultation.id, None,
                    municipality_ids=[place["home"].id, outsider.id])
    assert ids(place["follower"], place["grouping_follower"]) <= heard
    assert place["bystander"].id not in heard


# --- localities: operators' answers, decisions and status changes --------------------


def test_an_operators_answer_and_the_decision_reach_followers_and_reporters_of_the_locality(
        app, world, operators, reported, residents):  # noqa: F811
    follower = UserFactory(locale="en")
    follows.follow(follower, reported)
    elsewhere_follower = UserFactory(locale="en")
    follows.follow(elsewhere_follower, world["elsewhere"])
    dispatch_pending()  # the reports themselves tell nobody
    declaration = declarations.declare(operators["staff"], operators["net"], reported, FIBRE)
    dispatch_pending()
    assert "Orlicko Net s.r.o. answered about the connection in “Horní Houžovec”." in _texts(app, follower)[0]
    reporter = residents[0]
    assert "Orlicko Net s.r.o. answered about the connection" in _texts(app, reporter)[0]
    assert _texts(app, elsewhere_follower) == []
    assert _texts(app, operators["staff"]) == []  # never the actor

    declarations.respond(residents[3], declaration, True)  # a confirmation makes it a gigabit locality
    assert reported.status == ConnectionStatus.GIGABIT
    declarations.respond(residents[4], declaration, False, "Optika k nám nevede.")
    dispatch_pending()
    assert any("disputed an operator's declaration about “Horní Houžovec”" in text
               for text in _texts(app, world["moderator"]))
    assert _texts(app, world["moderator_out"]) == []

    declarations.decide(world["moderator"], declaration, False, "Přípojky v osadě nejsou.")
    dispatch_pending()
    (text,) = _texts(app, follower)  # one notification for the locality, counting everything
    assert text.startswith("“Horní Houžovec”: ")
    assert "a moderator's decision" in text and "an operator's answer" in text
    assert "2 new connection statuses" in text  # gigabit once confirmed, unserved again once disputed
    assert ("Latest: The municipality decided that the operator's declaration about “Horní Houžovec” "
            "does not stand.") in text
    (notification,) = db.session.scalars(select(Notification).where(Notification.user_id == reporter.id))
    assert notification.subject_type == "locality" and notification.event_count >= 3


def test_a_locality_is_followed_from_its_page(app, client, login, world):  # noqa: F811
    hamlet = world["hamlet"]
    login(world["resident"])
    html = client.get(f"/lokality/{hamlet.id}").get_data(as_text=True)
    assert f'action="/sledovani/lokalita/{hamlet.id}"' in html
    client.post(f"/sledovani/lokalita/{hamlet.id}", data={"next": f"/lokality/{hamlet.id}"})
    assert follows.is_following(world["resident"], hamlet)
    html = client.get("/sledovani?type=locality").get_data(as_text=True)
    assert "Horní Houžovec" in html and "Localities" in html
