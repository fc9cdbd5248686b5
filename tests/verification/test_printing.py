"""Printables read back: letters with codes and the signature sheet, as PDFs (pypdf) and A4 pages."""

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from participation.extensions import db
from participation.proposals.models import ProposalStatus
from participation.verification import keys
from participation.verification.models import LetterCode
from tests.factories import MunicipalityFactory, UserFactory, moderator_of
from tests.proposals.factories import ProposalFactory


@pytest.fixture
def world(app):
    here = MunicipalityFactory(name="Česká Třebová", code="580350")
    return {"here": here, "moderator": moderator_of(here)}


def _text(pdf: bytes) -> tuple[int, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), [" ".join(page.extract_text().split()) for page in reader.pages]


def test_letters_as_a_pdf_one_per_page_with_czech_text_and_working_codes(client, login, world):
    login(world["moderator"])
    response = client.post("/obce/580350/overeni-bydliste/dopisy", data={"size": 3, "locality": 0, "output": "pdf"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    pages, texts = _text(response.data)
    assert pages == 3
    codes = []
    for text in texts:
        assert "Česká Třebová" in text and "/overeni-bydliste" in text
        found = [word for word in text.split() if len(word) == 14 and word.count("-") == 2]
        assert len(found) == 1
        codes.append(found[0])
    assert len(set(codes)) == 3
    stored = set(db.session.scalars(select(LetterCode.code_hash)))
    with client.application.test_request_context("/"):
        assert {keys.code_hash(code) for code in codes} == stored


def test_letters_as_a_page_to_print_with_a_qr_code(client, login, world):
    login(world["moderator"])
    page = client.post("/obce/580350/overeni-bydliste/dopisy", data={"size": 2, "locality": 0, "output": "html"})
    body = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert body.count('class="letter"') == 2 and 'src="data:image/svg+xml' in body
    assert "Česká Třebová" in body


def test_a_signature_sheet_pdf_has_the_title_rules_and_columns(client, world):
    proposal = ProposalFactory(title="Přechod přes silnici u školy", municipalities=[world["here"]])
    response = client.get(f"/podnety/{proposal.id}/podpisovy-arch")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages, texts = _text(response.data)
    assert pages == 1
    text = texts[0]
    assert "Přechod přes silnici u školy" in text and "Česká Třebová" in text
    assert f"/podnety/{proposal.id}" in text
    assert "Podpis" in text or "Signature" in text


def test_a_signature_sheet_as_a_page_to_print(client, world):
    proposal = ProposalFactory(title="Přechod u školy", municipalities=[world["here"]])
    body = client.get(f"/podnety/{proposal.id}/podpisovy-arch?format=html").get_data(as_text=True)
    assert "Přechod u školy" in body and body.count("<tr><td>") == 15 and 'src="data:image/svg+xml' in body


@pytest.mark.parametrize("status", [ProposalStatus.DRAFT, ProposalStatus.SOLVED])
def test_no_signature_sheet_for_a_proposal_that_collects_no_support(client, world, status):
    proposal = ProposalFactory(status=status, municipalities=[world["here"]])
    assert client.get(f"/podnety/{proposal.id}/podpisovy-arch").status_code == 404
    assert client.get("/podnety/999999/podpisovy-arch").status_code == 404


def test_a_resident_cannot_make_letters(client, login, world):
    login(UserFactory(home_municipality=world["here"]))
    assert client.post("/obce/580350/overeni-bydliste/dopisy",
                       data={"size": 3, "locality": 0, "output": "pdf"}).status_code == 403
