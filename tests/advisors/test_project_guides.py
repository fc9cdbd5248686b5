"""A project's page lists the guides written for its kind, so the office finds the method beside the work."""

from participation.advisors.models import AdvisorField, Guide
from participation.extensions import db
from participation.projects.models import ProjectKind
from tests.factories import MunicipalityFactory
from tests.projects.factories import ProjectFactory


def _guide(title: str, field: AdvisorField, kinds: str) -> Guide:
    guide = Guide(field=field, title=title, body="Postup.", project_kinds=kinds, search_text=title.lower())
    db.session.add(guide)
    db.session.commit()
    return guide


def _page(client, project) -> str:
    client.set_cookie("spolu_lang", "en")
    return client.get(f"/projekty/{project.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_a_fibre_project_lists_the_broadband_guides_and_not_the_others(client, app):
    broadband = _guide("Pasivní infrastruktura krok za krokem", AdvisorField.ICT, "fibre_backbone,shared_infrastructure")
    energy = _guide("Energetický management obce", AdvisorField.ENERGY, "energy")
    backbone_only = _guide("Výběrové řízení na páteř", AdvisorField.GRANTS, "fibre_backbone")
    project = ProjectFactory(kind=ProjectKind.FIBRE_BACKBONE, municipalities=[MunicipalityFactory()])

    html = _page(client, project)

    assert broadband.title in html and backbone_only.title in html
    assert energy.title not in html
    assert f"/poradci/navody/{broadband.id}" in html


def test_a_kind_named_only_as_part_of_another_does_not_match(client, app):
    _guide("Sdílená infrastruktura", AdvisorField.ICT, "shared_infrastructure")
    project = ProjectFactory(kind=ProjectKind.OTHER, municipalities=[MunicipalityFactory()])

    assert "Sdílená infrastruktura" not in _page(client, project)
