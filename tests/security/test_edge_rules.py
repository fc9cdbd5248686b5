"""The rules at the edge: ids in addresses, numeric filters, control characters."""

import pytest

from participation.comments.models import Comment
from participation.common.validation import MAX_ID, read_int
from participation.extensions import db
from tests.comments.factories import DiscussedProposalFactory
from tests.factories import MunicipalityFactory, UserFactory
from tests.proposals.factories import ProposalFactory


@pytest.mark.parametrize("raw", ["99999999999999999999", str(MAX_ID + 1), "\u0663", "\u00b2", "-1", "1e3"])
def test_an_id_that_cannot_exist_is_not_found(client, raw):
    """Beyond the database's integer range (a 500 on PostgreSQL before) or not ASCII digits: 404."""
    ProposalFactory()
    for path in (f"/podnety/{raw}", f"/komentare/{raw}", f"/dohody/{raw}", f"/seskupeni/{raw}"):
        assert client.get(path).status_code == 404, path


def test_arabic_indic_digits_do_not_reach_an_existing_proposal(client):
    proposal = ProposalFactory(title="Chodník do Lhoty")
    digits = "".join(chr(0x0660 + int(d)) for d in str(proposal.id))
    assert client.get(f"/podnety/{proposal.id}").status_code == 200
    assert client.get(f"/podnety/{digits}").status_code == 404


def test_the_largest_id_still_reaches_the_view(client):
    assert client.get(f"/podnety/{MAX_ID}").status_code == 404  # no such proposal, but no error either


@pytest.mark.parametrize("raw, expected", [
    ("", (None, False)), ("42", (42, False)), (" 7 ", (7, False)), ("0", (None, True)),
    ("-1", (None, True)), ("\u0663", (None, True)), ("\u00b2", (None, True)),
    ("99999999999999999999", (None, True)), (str(MAX_ID), (MAX_ID, False)), ("1_000", (None, True)),
])
def test_numeric_filters_take_only_ascii_digits_within_range(raw, expected):
    assert read_int(raw) == expected


@pytest.mark.parametrize("value", ["\u00b2", "99999999999999999999", "\u0663"])
def test_lists_ignore_malformed_numeric_filters(client, value):
    """A superscript digit passed isdigit() and then failed int(): a 500 before."""
    ProposalFactory(title="Chodník do Lhoty", municipalities=[MunicipalityFactory()])
    for path in ("/podnety/", "/dohody", "/projekty", "/dobra-praxe", "/konzultace/", "/transparentnost"):
        response = client.get(f"{path}?municipality={value}&grouping={value}&page={value}&year={value}")
        assert response.status_code == 200, path


@pytest.mark.parametrize("query", ["q=a%00b", "q=%1b%5b31m", "municipality=%00", "page=1%00"])
def test_control_characters_in_the_address_get_a_clear_400(client, query):
    response = client.get(f"/podnety/?{query}")
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)


def test_a_nul_in_posted_text_gets_a_clear_400_and_saves_nothing(client, login):
    proposal = DiscussedProposalFactory()
    login(UserFactory())
    response = client.post(f"/vlakna/{proposal.thread_id}/komentare", data={
        f"t{proposal.thread_id}-body": "Nová\x00 zastávka", f"t{proposal.thread_id}-stance": "for"})
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
    assert db.session.query(Comment).count() == 0


def test_tabs_and_line_breaks_are_ordinary_text(client, login):
    proposal = DiscussedProposalFactory()
    login(UserFactory())
    response = client.post(f"/vlakna/{proposal.thread_id}/komentare", data={
        f"t{proposal.thread_id}-body": "První řádek\r\n\tdruhý řádek", f"t{proposal.thread_id}-stance": "for"})
    assert response.status_code == 303
    assert db.session.query(Comment).count() == 1
