"""The proposal list's search box: Czech word forms, no diacritics needed, municipalities by name."""

import pytest

from tests.factories import MunicipalityFactory

from .factories import ProposalFactory


def _titles(client, q):
    response = client.get("/podnety/", query_string={"q": q})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("typed", ["Ústí", "usti", "v Ústí nad Orlicí", "orlici"])
def test_a_municipality_name_finds_the_proposals_touching_it(client, typed):
    usti = MunicipalityFactory(name="Ústí nad Orlicí")
    ProposalFactory(title="Chybí přechod u školy", municipalities=[usti, MunicipalityFactory()])
    ProposalFactory(title="Chybí přechod jinde")
    page = _titles(client, typed)
    assert "Chybí přechod u školy" in page
    assert "Chybí přechod jinde" not in page


@pytest.mark.parametrize("typed", ["silnice", "silnici", "silnic", "SILNICÍ"])
def test_any_form_of_a_word_finds_the_proposal(client, typed):
    ProposalFactory(title="Rozbitá silnice na Hrádek")
    ProposalFactory(title="Rozbitý chodník")
    page = _titles(client, typed)
    assert "Rozbitá silnice na Hrádek" in page
    assert "Rozbitý chodník" not in page


def test_words_and_a_place_together(client):
    usti = MunicipalityFactory(name="Ústí nad Orlicí")
    ProposalFactory(title="Oprava silnice", municipalities=[usti])
    ProposalFactory(title="Oprava silnice jinde")
    ProposalFactory(title="Oprava mostu", municipalities=[usti])
    page = _titles(client, "silnici v Ústí")
    assert "Oprava silnice" in page
    assert "Oprava silnice jinde" not in page and "Oprava mostu" not in page
