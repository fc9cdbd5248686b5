"""Similar proposals offered before writing: while typing (htmx) and on the preview step (no JavaScript)."""

import pytest

from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals import similar
from participation.proposals.models import ProposalStatus
from tests.factories import MunicipalityFactory, UserFactory

from .factories import DraftFactory, ProposalFactory


@pytest.fixture
def places(app):
    home = MunicipalityFactory(name="Dolní Ves")
    far = MunicipalityFactory(name="Vzdálená")
    return home, far


def test_keywords_are_folded_stemmed_and_without_common_words():
    assert similar.keywords("Chybí autobusový spoj do Horní Vsi a zpět") == ["chyb", "autob", "spoj", "horn", "vsi", "zpet"]
    assert similar.keywords("a i v na") == []


def test_accents_and_word_endings_do_not_hide_a_similar_proposal(places):
    home, _ = places
    found = ProposalFactory(title="Autobusy do Dolní Vsi nejezdí večer", municipalities=[home])
    ProposalFactory(title="Oprava hřiště u školy", municipalities=[home])
    results = similar.find_similar("chybi vecerni autobus do dolni vsi", [home.id])
    assert [r.proposal.id for r in results] == [found.id]


def test_same_municipalities_come_first_and_drafts_hidden_and_closed_ones_are_left_out(places):
    home, far = places
    elsewhere = ProposalFactory(title="Autobus do nemocnice jezdí málo", municipalities=[far])
    here = ProposalFactory(title="Autobus do nemocnice nejezdí o víkendu", municipalities=[home])
    DraftFactory(title="Autobus do nemocnice koncept", municipalities=[home])
    ProposalFactory(title="Autobus do nemocnice skrytý", municipalities=[home], hidden_at=utcnow())
    ProposalFactory(title="Autobus do nemocnice stažený", municipalities=[home], status=ProposalStatus.WITHDRAWN)
    results = similar.find_similar("Autobus do nemocnice", [home.id])
    assert [r.proposal.id for r in results] == [here.id, elsewhere.id]
    assert [r.same_place for r in results] == [True, False]


def test_the_query_count_is_fixed(places, count_queries):
    home, far = places
    for number in range(3):
        ProposalFactory(title=f"Autobus do nemocnice {number}", municipalities=[home, far])
    db.session.expire_all()
    with count_queries() as few:
        assert len(similar.find_similar("Autobus do nemocnice", [home.id])) == 3
    for number in range(30):
        ProposalFactory(title=f"Autobus do nemocnice další {number}", municipalities=[home, far])
    db.session.expire_all()
    with count_queries() as many:
        assert len(similar.find_similar("Autobus do nemocnice", [home.id])) == similar.SHOWN
    assert few["n"] == many["n"] <= 4


def test_while_typing_htmx_gets_the_similar_proposals_fragment(client, login, places):
    home, _ = places
    found = ProposalFactory(title="Chybí přechod u školy v Dolní Vsi", municipalities=[home])
    login(UserFactory(home_municipality=home, locale="en"))
    response = client.get("/podnety/podobne", query_string={"title": "přechod u školy", "municipalities": home.id},
                          headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Vary" in response.headers
    assert html.lstrip().startswith('<section id="proposal-similar"')
    assert "Support this instead" in html
    assert f'href="/podnety/{found.id}#proposal-{found.id}-support"' in html
    assert "In your municipalities" in html
    nothing = client.get("/podnety/podobne", query_string={"title": "úplně jiné téma"}).get_data(as_text=True)
    assert "No similar published proposal found." in nothing


def test_the_similar_fragment_needs_a_signed_in_user(client):
    assert client.get("/podnety/podobne?title=autobus").status_code in (302, 303, 403)


def test_the_preview_step_shows_similar_proposals_without_javascript(client, login, places):
    home, _ = places
    found = ProposalFactory(title="Chybí přechod u školy v Dolní Vsi", municipalities=[home])
    user = UserFactory(home_municipality=home, locale="en")
    login(user)
    form = {"title": "Nebezpečný přechod u školy", "body": "Děti přecházejí silnici.", "category": "transport",
            "municipalities": [str(home.id)], "grouping": "", "latitude": "", "longitude": "", "action": "preview"}
    html = client.post("/podnety/novy", data=form).get_data(as_text=True)
    assert "Similar proposals already published" in html
    assert f'href="/podnety/{found.id}#proposal-{found.id}-support"' in html
    assert 'value="Nebezpečný přechod u školy"' in html
    # Editing its own draft never offers the draft itself.
    draft = DraftFactory(author=user, title="Chybí přechod u školy v Dolní Vsi", municipalities=[home])
    draft.status = ProposalStatus.DRAFT
    db.session.commit()
    html = client.post(f"/podnety/{draft.id}/upravit", data=form).get_data(as_text=True)
    assert f"/podnety/{draft.id}#proposal" not in html
