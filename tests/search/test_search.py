"""Site search at /hledat: every kind, Czech forms, visibility, bad input, a fixed number of queries."""

import pytest

from participation.agreements.models import AgreementStatus
from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.models import ProposalStatus
from tests.agreements.factories import AgreementFactory
from tests.consultations.factories import make_consultation
from tests.factories import GroupingFactory, MunicipalityFactory, moderator_of
from tests.good_practice.factories import GoodPracticeFactory
from tests.localities.factories import LocalityFactory
from tests.projects.factories import ProjectFactory
from tests.proposals.factories import DraftFactory, ProposalFactory

URL = "/hledat"


def _search(client, q, **args):
    response = client.get(URL, query_string={"q": q, **args})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def usti(app):
    return MunicipalityFactory(name="Ústí nad Orlicí")


@pytest.mark.parametrize("typed", ["silnice", "silnici", "silnic", "SILNICÍ"])
def test_any_form_of_a_word_finds_the_proposal(client, usti, typed):
    ProposalFactory(title="Oprava silnice do Hrádku", municipalities=[usti])
    ProposalFactory(title="Kanalizace", municipalities=[usti])
    page = _search(client, typed)
    assert "Oprava silnice do Hrádku" in page
    assert "Kanalizace" not in page


@pytest.mark.parametrize("typed", ["Ústí", "usti", "ústí nad orlicí"])
def test_a_municipality_name_finds_the_municipality_and_what_touches_it(client, usti, typed):
    ProposalFactory(title="Chybí chodník k nádraží", municipalities=[usti])
    ProposalFactory(title="Chybí chodník jinde")
    AgreementFactory(title="Memorandum o optice", municipalities=[usti])
    LocalityFactory(name="Hylváty", municipality=usti)
    page = _search(client, typed)
    assert "Chybí chodník k nádraží" in page and "Memorandum o optice" in page
    assert "Chybí chodník jinde" not in page
    assert f'href="/obce/{usti.code}"' in page


def test_every_kind_is_found_and_counted(client, usti):
    grouping = GroupingFactory(name="Mikroregion Optika", members=[usti])
    ProposalFactory(title="Optika pro osady", municipalities=[usti])
    AgreementFactory(title="Smlouva: optika pro obce", municipalities=[usti])
    ProjectFactory(title="Optika: páteř", description="", municipalities=[usti])
    GoodPracticeFactory(title="Optika svépomocí", municipalities=[usti])
    make_consultation(grouping=grouping, municipalities=[usti], title="Kudy povede optika")
    page = _search(client, "optika")
    for title in ("Optika pro osady", "Smlouva: optika pro obce", "Optika: páteř", "Optika svépomocí",
                  "Kudy povede optika", "Mikroregion Optika"):
        assert title in page, title
    assert "6 výsledků" in page or "6 results" in page


def test_hidden_draft_and_withdrawn_are_never_found(client, login, usti):
    author = ProposalFactory(title="Veřejná lávka", municipalities=[usti]).author
    DraftFactory(title="Koncept lávka", author=author, municipalities=[usti])
    ProposalFactory(title="Skrytá lávka", hidden_at=utcnow(), municipalities=[usti])
    ProposalFactory(title="Zpětvzatá lávka", status=ProposalStatus.WITHDRAWN, municipalities=[usti])
    AgreementFactory(title="Návrh dohody o lávce", status=AgreementStatus.DRAFT, municipalities=[usti])
    make_consultation(municipalities=[usti], phase="draft", title="Lávka: anketa v přípravě")
    GoodPracticeFactory(title="Lávka svépomocí", status="draft", published_at=None, municipalities=[usti])
    login(author)
    page = _search(client, "lávka")
    assert "Veřejná lávka" in page
    for hidden in ("Koncept lávka", "Skrytá lávka", "Zpětvzatá lávka", "Návrh dohody o lávce",
                   "anketa v přípravě", "Lávka svépomocí"):
        assert hidden not in page, hidden


def test_staff_find_their_own_draft_agreement(client, login, usti):
    AgreementFactory(title="Návrh dohody o lávce", status=AgreementStatus.DRAFT, municipalities=[usti])
    assert "Návrh dohody o lávce" not in _search(client, "lávka")
    login(moderator_of(usti))
    assert "Návrh dohody o lávce" in _search(client, "lávka")


def test_one_kind_is_paged(app, client, usti):
    app.config["PER_PAGE"] = 3
    for n in range(7):
        ProposalFactory(title=f"Most číslo {n}", municipalities=[usti])
    overview = _search(client, "mosty")
    assert overview.count('class="search-hit"') == 5
    assert "kind=proposals" in overview
    third = _search(client, "mosty", kind="proposals", page=3)
    assert third.count('class="search-hit"') == 1
    assert 'rel="prev"' in third and 'rel="next"' not in third


@pytest.mark.parametrize("typed, message", [
    ("", "Type a word"),
    ("x", "at least two letters"),
    ("x" * 500, "at most 100 characters"),
    ("silnice\x00\x1b", "left out"),
])
def test_bad_input_gets_a_message_next_to_the_box(client, typed, message):
    page = client.get(URL, query_string={"q": typed}, headers={"Accept-Language": "en"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert message in text
    assert 'id="search-q"' in text  # the box is there again, with what could be kept
    if typed.startswith("silnice"):
        assert 'value="silnice"' in text


def test_htmx_gets_only_the_results(client, usti):
    ProposalFactory(title="Oprava silnice", municipalities=[usti])
    response = client.get(URL, query_string={"q": "silnice"}, headers={"HX-Request": "true"})
    text = response.get_data(as_text=True)
    assert text.lstrip().startswith("<div id=\"search-results\"") and "Oprava silnice" in text
    assert "<html" not in text and "HX-Request" in response.headers["Vary"]


def test_the_header_box_is_on_every_page(client):
    page = client.get("/").get_data(as_text=True)
    assert 'action="/hledat"' in page and 'name="q"' in page


def _count(client, count_queries):
    with count_queries() as counter:
        _search(client, "optika")
    return counter["n"]


def test_the_search_costs_a_fixed_number_of_queries(client, count_queries, usti):
    def add_items(n):
        for i in range(n):
            place = MunicipalityFactory(name=f"Optikov {i}")
            ProposalFactory(title=f"Optika {i}", municipalities=[place, usti])
            AgreementFactory(title=f"Optika dohoda {i}", municipalities=[place])
            ProjectFactory(title=f"Optika projekt {i}", description="", municipalities=[place])
            LocalityFactory(name=f"Optikova Lhota {i}", municipality=place)
        db.session.commit()

    add_items(2)
    few = _count(client, count_queries)
    add_items(6)
    many = _count(client, count_queries)
    assert few == many
    assert many <= 12


def test_the_index_follows_every_edit(client, usti):
    proposal = ProposalFactory(title="Oprava lávky", municipalities=[usti])
    agreement = AgreementFactory(title="Dohoda o lávce", municipalities=[usti])
    assert "Oprava lávky" in _search(client, "lávka")
    proposal.title = "Oprava mostu"
    agreement.summary = "Také o mostech."
    db.session.commit()
    assert "Oprava mostu" not in _search(client, "lávka")
    page = _search(client, "most")
    assert "Oprava mostu" in page and "Dohoda o lávce" in page
