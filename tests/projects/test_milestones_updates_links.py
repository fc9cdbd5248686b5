"""Milestones, timeline updates with pictures, and proposals linked to projects."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from participation.agreements import services as agreement_services
from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.notifications.models import Event
from participation.projects import services
from participation.projects.models import Milestone, ProjectProposal, ProjectStatus, ProjectUpdate
from participation.proposals.models import ProposalStatus, StatusChange
from tests.agreements.factories import AgreementFactory, ProposalFactory
from tests.agreements.helpers import EXECUTABLE_BYTES, image_bomb_bytes, png_bytes, upload
from tests.factories import MunicipalityFactory, UserFactory, moderator_of
from tests.projects.factories import ProjectFactory


@pytest.fixture
def world(app, client, login):
    a, b = MunicipalityFactory(name="Horní Ves"), MunicipalityFactory(name="Dolní Ves")
    project = ProjectFactory(title="Páteřní optika", municipalities=[a])
    moderator = moderator_of(a, locale="en")
    login(moderator)
    return {"a": a, "b": b, "project": project, "moderator": moderator}


def _count(model):
    return db.session.scalar(select(func.count(model.id)))


# ----- milestones -----

def test_add_reach_and_remove_milestone(client, world):
    project = world["project"]
    response = client.post(f"/projekty/{project.id}/milniky",
                           data={"title": "Projektová dokumentace", "planned_on": "2026-03-01"})
    assert response.status_code == 303
    milestone = db.session.scalar(select(Milestone))
    assert milestone.planned_on == date(2026, 3, 1) and milestone.done_on is None
    assert client.get(f"/projekty/{project.id}/milniky").status_code == 200
    prefix = f"m{milestone.id}-"
    response = client.post(f"/projekty/{project.id}/milniky/{milestone.id}", data={
        prefix + "title": "Projektová dokumentace", prefix + "planned_on": "2026-03-01",
        prefix + "done_on": "2026-03-10"})
    assert response.status_code == 303
    db.session.refresh(milestone)
    assert milestone.done_on == date(2026, 3, 10)
    event = db.session.scalar(select(Event).where(Event.kind == "project.milestone"))
    assert event.subject_id == project.id and event.payload["milestone_id"] == milestone.id
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"project.milestone_add", "project.milestone_change"} <= actions
    html = client.get(f"/projekty/{project.id}").get_data(as_text=True)
    assert "Projektová dokumentace" in html and 'value="100"' in html
    assert client.post(f"/projekty/{project.id}/milniky/{milestone.id}/smazat").status_code == 303
    assert _count(Milestone) == 0


def test_milestone_needs_a_title_and_real_dates(client, world):
    project = world["project"]
    assert client.post(f"/projekty/{project.id}/milniky", data={"title": ""}).status_code == 422
    assert client.post(f"/projekty/{project.id}/milniky",
                       data={"title": "Stavba", "planned_on": "2026-02-31"}).status_code == 422
    assert _count(Milestone) == 0


def test_outsider_cannot_touch_milestones(app, login, world):
    other = app.test_client()
    login(moderator_of(world["b"]), other)
    assert other.get(f"/projekty/{world['project'].id}/milniky").status_code == 403
    assert other.post(f"/projekty/{world['project'].id}/milniky", data={"title": "x"}).status_code == 403


# ----- updates -----

def test_post_update_with_picture(app, client, world):
    project = world["project"]
    response = client.post(f"/projekty/{project.id}/novinky", content_type="multipart/form-data", data={
        "body": "Výkopy mezi obcemi jsou hotové.", "posted_on": "2026-04-02",
        "image": upload(png_bytes(), "vykop.png"), "image_description": "Výkop podél silnice"})
    assert response.status_code == 303
    update = db.session.scalar(select(ProjectUpdate))
    assert update.posted_on == date(2026, 4, 2) and update.image_key.endswith(".png")
    assert "vykop" not in update.image_key
    event = db.session.scalar(select(Event).where(Event.kind == "project.update"))
    assert event.payload["update_id"] == update.id
    html = client.get(f"/projekty/{project.id}").get_data(as_text=True)
    assert "Výkopy mezi obcemi jsou hotové." in html and 'alt="Výkop podél silnice"' in html
    image = client.get(f"/projekty/{project.id}/novinky/{update.id}/obrazek")
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/png"
    assert image.headers["Content-Disposition"].startswith("inline;")
    path = Path(app.instance_path) / "uploads" / update.image_key
    assert client.post(f"/projekty/{project.id}/novinky/{update.id}/smazat").status_code == 303
    assert not path.exists() and _count(ProjectUpdate) == 0


@pytest.mark.parametrize("data, name, message", [
    (image_bomb_bytes(), "bomba.png", "too large"),
    (EXECUTABLE_BYTES, "foto.jpg", "not an image"),
    (png_bytes(), "../../static/x.png", "folder path"),
])
def test_bad_picture_is_refused_and_nothing_saved(app, client, world, data, name, message):
    root = Path(app.instance_path) / "uploads"
    before = len(list(root.rglob("*.*"))) if root.exists() else 0
    response = client.post(f"/projekty/{world['project'].id}/novinky", content_type="multipart/form-data", data={
        "body": "Novinka", "image": upload(data, name), "image_description": "Obrázek"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="image-error"' in html and message in html
    assert 'Novinka' in html  # the text is kept
    assert _count(ProjectUpdate) == 0
    assert (len(list(root.rglob("*.*"))) if root.exists() else 0) == before


def test_picture_needs_a_description(client, world):
    response = client.post(f"/projekty/{world['project'].id}/novinky", content_type="multipart/form-data", data={
        "body": "Novinka", "image": upload(png_bytes(), "a.png")})
    assert response.status_code == 422
    assert _count(ProjectUpdate) == 0


def test_timeline_is_paginated_newest_first(client, world):
    for day in range(1, 26):
        db.session.add(ProjectUpdate(project_id=world["project"].id, body=f"Den {day:02d}",
                                     posted_on=date(2026, 1, day)))
    db.session.commit()
    html = client.get(f"/projekty/{world['project'].id}").get_data(as_text=True)
    assert html.index("Den 25") < html.index("Den 24") and "Den 01" not in html
    assert "Den 01" in client.get(f"/projekty/{world['project'].id}?page=2").get_data(as_text=True)


def test_the_timeline_is_shared_but_only_editors_get_remove_links(app, client, world):
    first = ProjectUpdate(project_id=world["project"].id, body="Výkop hotov", posted_on=date(2026, 1, 5))
    second = ProjectUpdate(project_id=world["project"].id, body="Kabel zafouknut", posted_on=date(2026, 1, 9))
    db.session.add_all([first, second])
    db.session.commit()
    address = f"/projekty/{world['project'].id}"
    editor = client.get(address).get_data(as_text=True)
    for update in (first, second):
        assert f"/novinky/{update.id}/smazat" in editor
    resident = app.test_client()  # the timeline is now kept: a visitor gets it without anyone's links
    visitor = resident.get(address, headers={"Cookie": "lang=cs"}).get_data(as_text=True)
    assert "Výkop hotov" in visitor and "Kabel zafouknut" in visitor and "/smazat" not in visitor
    db.session.add(ProjectUpdate(project_id=world["project"].id, body="Přípojky hotovy", posted_on=date(2026, 2, 1)))
    db.session.commit()
    assert "Přípojky hotovy" in client.get(address).get_data(as_text=True)
    assert "Přípojky hotovy" in resident.get(address, headers={"Cookie": "lang=cs"}).get_data(as_text=True)


# ----- linked proposals -----

def test_link_moves_proposal_to_in_progress(client, world):
    proposal = ProposalFactory(title="Pomalý internet", municipalities=[world["a"]],
                               status=ProposalStatus.IN_COOPERATION)
    page = client.get(f"/projekty/propojit/{proposal.id}?q=opt")
    assert page.status_code == 200 and "Páteřní optika" in page.get_data(as_text=True)
    response = client.post(f"/projekty/propojit/{proposal.id}",
                           data={"project_id": world["project"].id, "note": "Optika přinese rychlý internet."})
    assert response.status_code == 303
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.IN_PROGRESS
    change = db.session.scalar(select(StatusChange))
    assert change.to_status == ProposalStatus.IN_PROGRESS and change.author_id == world["moderator"].id
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "project.proposal_link"))
    html = client.get(f"/projekty/{world['project'].id}").get_data(as_text=True)
    assert "Pomalý internet" in html


def test_link_out_of_scope_and_without_note(client, login, world):
    proposal = ProposalFactory(municipalities=[world["b"]])
    assert client.get(f"/projekty/propojit/{proposal.id}").status_code == 403
    assert client.post(f"/projekty/propojit/{proposal.id}",
                       data={"project_id": world["project"].id, "note": "x"}).status_code == 403
    mine = ProposalFactory(municipalities=[world["a"]])
    assert client.post(f"/projekty/propojit/{mine.id}", data={"project_id": world["project"].id}).status_code == 422
    login(UserFactory())
    assert client.post(f"/projekty/propojit/{mine.id}",
                       data={"project_id": world["project"].id, "note": "x"}).status_code == 403
    assert _count(ProjectProposal) == 0


def test_unlink_returns_proposal_to_cooperation_when_still_tied(app, client, world):
    proposal = ProposalFactory(municipalities=[world["a"]])
    agreement = AgreementFactory(municipalities=[world["a"]])
    with app.test_request_context():
        agreement_services.tie_proposal(world["moderator"], agreement, proposal, "Dohoda")
        services.link_proposal(world["moderator"], world["project"], proposal, "Projekt")
    url = f"/projekty/{world['project'].id}/podnety/{proposal.id}/odpojit"
    assert client.post(url, data={"reason": ""}).status_code == 422
    assert client.post(url, data={"reason": "Jiný projekt"}).status_code == 303
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.IN_COOPERATION
    assert db.session.scalar(select(Event).where(Event.kind == "proposal.unlinked_from_project"))


def test_the_whole_chain_proposal_agreement_project_solved(app, client, world):
    """A resident's proposal is tied, built and solved, and each step is dated on its page."""
    from flask import render_template_string
    from flask_login import login_user

    proposal = ProposalFactory(title="Internet mezi vesnicemi", municipalities=[world["a"]])
    agreement = AgreementFactory(title="Memorandum o optice", municipalities=[world["a"]])
    moderator = world["moderator"]
    with app.test_request_context():
        agreement_services.tie_proposal(moderator, agreement, proposal, "Memorandum řeší páteř")
        services.link_proposal(moderator, world["project"], proposal, "Stavba páteře")
    project = world["project"]
    project.agreement_id = agreement.id
    db.session.commit()
    with app.test_request_context():
        data = services.ProjectData(title=project.title, kind=project.kind, status=ProjectStatus.DONE,
                                    agreement=agreement, municipalities=[world["a"]])
        services.update_project(moderator, project, data)
    assert db.session.scalar(select(Event).where(Event.kind == "proposal.solve_requested")).subject_id == proposal.id
    with app.test_request_context():
        login_user(moderator)
        html = render_template_string('{% include "projects/_proposal_links.html" %}', proposal=proposal)
    assert f"/projekty/{project.id}/podnety/{proposal.id}/vyresit" in html
    response = client.post(f"/projekty/{project.id}/podnety/{proposal.id}/vyresit",
                           data={"reason": "Optika je v provozu."})
    assert response.status_code == 303
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.SOLVED
    statuses = [c.to_status for c in db.session.scalars(select(StatusChange).order_by(StatusChange.id))]
    assert statuses == [ProposalStatus.IN_COOPERATION, ProposalStatus.IN_PROGRESS, ProposalStatus.SOLVED]
    page = client.get(f"/dohody/{agreement.id}").get_data(as_text=True)
    assert "Internet mezi vesnicemi" in page and project.title in page
