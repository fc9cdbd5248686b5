"""Notices for the notice board and paper questionnaires, read back from the PDF."""

import io

import pytest
from pypdf import PdfReader

from participation.consultations.models import Eligibility
from participation.verification.form_codes import form_code, read_form_code
from tests.consultations.factories import make_consultation
from tests.factories import MunicipalityFactory, UserFactory, moderator_of, representative_of
from tests.proposals.factories import ProposalFactory


def _pages(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed (lines wrap where the PDF's width says)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_proposal_notice_has_the_title_the_address_and_the_call(client, app):
    town = MunicipalityFactory(name="Žamberk")
    proposal = ProposalFactory(title="Chodník k nádraží", body="**Chybí** chodník podél silnice.",
                               municipalities=[town])
    response = client.get(f"/podnety/{proposal.id}/vyveska")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    [text] = _pages(response.data)
    assert "Chodník k nádraží" in text and "Žamberk" in text and "Chybí chodník" in text
    assert f"/podnety/{proposal.id}" in text
    html = client.get(f"/podnety/{proposal.id}/vyveska?format=html").get_data(as_text=True)
    assert "Chodník k nádraží" in html and 'src="data:image/svg+xml' in html


def test_a_consultation_notice_says_the_deadline_and_where_to_hand_in(client):
    consultation = make_consultation(phase="open", title="Kudy povede cyklostezka")
    response = client.get(f"/konzultace/{consultation.id}/vyveska")
    [text] = _pages(response.data)
    assert "Kudy povede cyklostezka" in text
    assert consultation.municipalities[0].name in text and str(consultation.closes_at.year) in text


@pytest.mark.parametrize("phase", ["draft", "closed"])
def test_no_notice_for_a_draft_or_closed_consultation(client, phase):
    consultation = make_consultation(phase=phase)
    assert client.get(f"/konzultace/{consultation.id}/vyveska").status_code == 404


def test_a_project_notice(client):
    from participation.extensions import db
    from participation.projects.models import Project, ProjectKind

    town = MunicipalityFactory(name="Letohrad")
    project = Project(title="Optická páteř Orlicko", kind=list(ProjectKind)[0], description="Páteřní síť.",
                      place_name="Letohrad – Kunčice")
    project.municipalities = [town]
    db.session.add(project)
    db.session.commit()
    [text] = _pages(client.get(f"/projekty/{project.id}/vyveska").data)
    assert "Optická páteř Orlicko" in text and "Letohrad" in text
    assert client.get("/projekty/999999/vyveska").status_code == 404


def test_paper_questionnaires_one_copy_per_form_code(client, login, app):
    consultation = make_consultation(phase="open", eligibility=Eligibility.RESIDENTS)
    login(moderator_of(consultation.municipalities[0]))
    response = client.get(f"/konzultace/{consultation.id}/dotaznik?kopie=3&od=5")
    assert response.status_code == 200
    pages = _pages(response.data)
    assert len(pages) == 3
    with app.test_request_context("/"):
        codes = [form_code(consultation.id, serial) for serial in (5, 6, 7)]
        for page, code in zip(pages, codes, strict=True):
            assert code in page and consultation.questions[0].text in page
        assert read_form_code(consultation.id, codes[0].lower()) == 5
        assert read_form_code(consultation.id, codes[0][:-1] + ("A" if codes[0][-1] != "A" else "B")) is None
        assert read_form_code(consultation.id + 1, codes[0]) is None
    html = client.get(f"/konzultace/{consultation.id}/dotaznik?kopie=2&format=html").get_data(as_text=True)
    assert html.count('class="letter questionnaire"') == 2


@pytest.mark.parametrize("who", ["visitor", "resident", "moderator elsewhere"])
def test_who_may_not_print_questionnaires(client, login, who):
    consultation = make_consultation(phase="open")
    if who == "resident":
        login(UserFactory(home_municipality=consultation.municipalities[0]))
    elif who == "moderator elsewhere":
        login(moderator_of(MunicipalityFactory()))
    response = client.get(f"/konzultace/{consultation.id}/dotaznik")
    assert response.status_code in ((302, 401) if who == "visitor" else (403,))


def test_the_grouping_representative_may_print_questionnaires(client, login):
    consultation = make_consultation(phase="open")
    login(representative_of(consultation.grouping))
    assert client.get(f"/konzultace/{consultation.id}/dotaznik?kopie=1").status_code == 200
