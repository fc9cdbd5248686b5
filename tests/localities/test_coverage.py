"""Projects covering localities: the dwellings they connect make the locality's status follow, and the
locality's page shows the chain proposal → agreement → project → connected."""

from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.events.models import Event
from participation.extensions import db
from participation.localities.models import ConnectionStatus, ProjectLocality
from participation.projects.models import ProjectProposal
from tests.agreements.factories import AgreementFactory, ProposalFactory
from tests.localities.test_views import _three_reports
from tests.projects.factories import ProjectFactory


def _project(world, **values):
    return ProjectFactory(municipalities=[world["a"], world["b"]], title="Optika do osad Orlicka", **values)


def test_staff_name_a_project_and_recording_connected_dwellings_makes_the_status_follow(
        client, world, residents, login):
    hamlet = _three_reports(world, residents)
    assert hamlet.status == ConnectionStatus.UNSERVED
    project = _project(world)
    login(world["moderator"])
    client.set_cookie("lang", "en")
    assert "Optika do osad Orlicka" in client.get(f"/lokality/{hamlet.id}/projekty").get_data(as_text=True)
    response = client.post(f"/lokality/{hamlet.id}/projekty", data={
        "project_id": project.id, "dwellings": "25", "download": "1000"})
    assert response.status_code == 303
    link = db.session.scalar(select(ProjectLocality))
    assert hamlet.status == ConnectionStatus.UNSERVED  # covered, nothing connected yet
    response = client.post(f"/lokality/{hamlet.id}/projekty/{link.id}/pripojeno", data={"connected_dwellings": "12"})
    assert response.status_code == 303
    db.session.refresh(hamlet)
    assert hamlet.status == ConnectionStatus.GIGABIT and link.connected_at is not None
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"locality.project_cover", "locality.connected"} <= actions
    assert db.session.scalar(select(Event.payload).where(Event.kind == "locality.connected"))["status"] == "gigabit"
    html = client.get(f"/lokality/{hamlet.id}").get_data(as_text=True)
    assert "connected: 12 of 25 dwellings" in html


def test_bad_coverage_is_refused_next_to_the_field(client, world, login):
    elsewhere = ProjectFactory(municipalities=[world["c"]], title="Jinde")
    project = _project(world)
    login(world["moderator"])
    client.set_cookie("lang", "en")
    url = f"/lokality/{world['hamlet'].id}/projekty"
    for data, message in (
            ({"project_id": elsewhere.id, "dwellings": "5", "download": "1000"}, "this locality's municipality"),
            ({"project_id": project.id, "dwellings": "0", "download": "1000"}, "from 1 to 1,000,000"),
            ({"project_id": project.id, "dwellings": "5", "download": "20000"}, "at most"),
            ({"project_id": project.id, "dwellings": "pět", "download": "1000"}, "integer")):
        response = client.post(url, data=data)
        assert response.status_code == 422 and message in response.get_data(as_text=True), data
    assert db.session.scalar(select(func.count(ProjectLocality.id))) == 0
    client.post(url, data={"project_id": project.id, "dwellings": "5", "download": "1000"})
    link = db.session.scalar(select(ProjectLocality))
    response = client.post(f"/lokality/{world['hamlet'].id}/projekty/{link.id}/pripojeno",
                           data={"connected_dwellings": "6"})
    assert response.status_code == 422 and "from 0 to 5" in response.get_data(as_text=True)
    assert link.connected_dwellings == 0


def test_only_the_municipalitys_staff_cover_and_connect(client, world, login):
    project = _project(world)
    url = f"/lokality/{world['hamlet'].id}/projekty"
    data = {"project_id": project.id, "dwellings": "5", "download": "1000"}
    for role in ("resident", "moderator_out", "representative"):
        login(world[role])
        assert client.post(url, data=data).status_code == 403, role
    login(world["administrator"])
    assert client.post(url, data=data).status_code == 303
    link = db.session.scalar(select(ProjectLocality))
    login(world["moderator_out"])
    assert client.post(f"{url}/{link.id}/pripojeno", data={"connected_dwellings": "1"}).status_code == 403
    login(world["moderator"])
    other = f"/lokality/{world['village'].id}/projekty/{link.id}/pripojeno"
    assert client.post(other, data={"connected_dwellings": "1"}).status_code == 404


def _covering(world, hamlet, project, n):
    db.session.add(ProjectLocality(project_id=project.id, locality_id=hamlet.id, dwellings=10, connected_dwellings=n))
    proposal = ProposalFactory(municipalities=[world["a"]], title=f"Internet do Houžovce {n}")
    db.session.add(ProjectProposal(project_id=project.id, proposal_id=proposal.id, note="Řeší to."))
    db.session.commit()


def test_the_locality_page_shows_the_chain_in_a_fixed_number_of_queries(client, world, count_queries):
    hamlet = world["hamlet"]
    url = f"/lokality/{hamlet.id}"
    agreement = AgreementFactory(municipalities=[world["a"]], title="Memorandum o optice")
    _covering(world, hamlet, _project(world, agreement=agreement), 0)
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for n in (1, 2):
        _covering(world, hamlet, ProjectFactory(municipalities=[world["a"]]), n)
    client.get(url)
    with count_queries() as many:
        html = client.get(url).get_data(as_text=True)
    assert many["n"] == few["n"]
    assert "Internet do Houžovce 0" in html and "Memorandum o optice" in html and "Optika do osad Orlicka" in html
    assert "Internet do Houžovce 2" in html


# ----- proposals naming localities (the chain's shared linking) -----

def test_a_moderator_names_a_locality_on_a_proposal_without_moving_its_status(client, world, login):
    proposal = ProposalFactory(municipalities=[world["a"]], title="Internet pro Houžovec")
    hamlet = world["hamlet"]
    login(world["moderator"])
    client.set_cookie("lang", "en")
    html = client.get(f"/lokality/propojit/{proposal.id}?q=houz").get_data(as_text=True)
    assert "Horní Houžovec" in html and "Vojtíškov" not in html  # only the moderator's municipalities
    response = client.post(f"/lokality/propojit/{proposal.id}", data={"locality_id": hamlet.id, "note": ""})
    assert response.status_code == 422 and "Write a note" in response.get_data(as_text=True)
    response = client.post(f"/lokality/propojit/{proposal.id}",
                           data={"locality_id": hamlet.id, "note": "Podnět se týká osady."})
    assert response.status_code == 303
    db.session.refresh(proposal)
    assert proposal.status == "published"
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "locality.link_proposal"))
    assert "Internet pro Houžovec" in client.get(f"/lokality/{hamlet.id}").get_data(as_text=True)
    assert "Horní Houžovec" in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    unlink = f"/lokality/{hamlet.id}/podnety/{proposal.id}/odpojit"
    assert "will no longer name “Horní Houžovec”" in client.get(unlink).get_data(as_text=True)
    response = client.post(unlink, data={"reason": "Omyl."})
    assert response.status_code == 303 and proposal.status == "published"
    assert "Internet pro Houžovec" not in client.get(f"/lokality/{hamlet.id}").get_data(as_text=True)


def test_naming_a_locality_outside_ones_scope_is_refused(client, world, login):
    proposal = ProposalFactory(municipalities=[world["a"]])
    login(world["moderator"])
    client.set_cookie("lang", "en")
    response = client.post(f"/lokality/propojit/{proposal.id}",
                           data={"locality_id": world["elsewhere"].id, "note": "Jinde."})
    assert response.status_code == 422 and "Choose a locality from the list" in response.get_data(as_text=True)
    login(world["moderator_out"])
    assert client.get(f"/lokality/propojit/{proposal.id}").status_code == 403
    login(world["resident"])
    assert client.post(f"/lokality/propojit/{proposal.id}",
                       data={"locality_id": world["hamlet"].id, "note": "x"}).status_code == 403


def test_the_proposals_author_names_localities_of_its_municipalities_only(client, world, login):
    author = world["resident"]
    proposal = ProposalFactory(municipalities=[world["a"]], author=author, title="Internet pro osady")
    login(author)
    client.set_cookie("lang", "en")
    assert "Name a locality" in client.get(f"/podnety/{proposal.id}").get_data(as_text=True)
    html = client.get(f"/lokality/propojit/{proposal.id}?q=o").get_data(as_text=True)
    assert "Horní Houžovec" in html and "Vojtíškov" not in html  # the proposal's municipalities only
    assert "Horní Houžovec" in client.get(f"/lokality/hledat?q=houz&podnet={proposal.id}",
                                         headers={"HX-Request": "true"}).get_data(as_text=True)
    response = client.post(f"/lokality/propojit/{proposal.id}",
                           data={"locality_id": world["elsewhere"].id, "note": "Jinde."})
    assert response.status_code == 422 and "Choose a locality from the list" in response.get_data(as_text=True)
    response = client.post(f"/lokality/propojit/{proposal.id}",
                           data={"locality_id": world["hamlet"].id, "note": "Osada je bez připojení."})
    assert response.status_code == 303
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "locality.link_proposal"))
    assert entry.actor_id == author.id
    login(world["resident_out"])  # not the author: no naming
    assert client.get(f"/lokality/propojit/{proposal.id}").status_code == 403


def test_marking_the_project_done_connects_every_covered_dwelling_and_the_status_follows(world, residents):
    from participation.projects import services as project_services
    from participation.projects.models import ProjectStatus

    hamlet = _three_reports(world, residents)
    project = _project(world)
    db.session.add(ProjectLocality(project_id=project.id, locality_id=hamlet.id, dwellings=25, download=1000))
    db.session.commit()
    data = project_services.ProjectData(title=project.title, kind=project.kind, status=ProjectStatus.BUILDING,
                                        municipalities=[world["a"], world["b"]])
    project_services.update_project(world["moderator"], project, data)
    assert hamlet.status == ConnectionStatus.UNSERVED  # building is not done: nothing connected yet
    data.status = ProjectStatus.DONE
    project_services.update_project(world["moderator"], project, data)
    link = db.session.scalar(select(ProjectLocality))
    db.session.refresh(hamlet)
    assert link.connected_dwellings == 25 and hamlet.status == ConnectionStatus.GIGABIT
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "locality.connected"))
    assert entry.actor_id == world["moderator"].id and entry.details["project_done"] is True
    assert db.session.scalar(select(Event.payload).where(Event.kind == "locality.connected"))["status"] == "gigabit"
