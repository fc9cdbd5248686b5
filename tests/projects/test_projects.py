"""Projects: editing by scope, funding rules, progress, list filters, pages and query counts."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from participation.agreements.models import AgreementStatus
from participation.audit.models import AuditEntry
from participation.comments.models import Thread
from participation.extensions import db
from participation.notifications.models import Event
from participation.projects.models import (
    FundingSource,
    Milestone,
    ProgressMode,
    Project,
    ProjectProposal,
    ProjectStatus,
    ProjectUpdate,
)
from tests.agreements.factories import AgreementFactory, ProposalFactory
from tests.factories import (
    GroupingFactory,
    MunicipalityFactory,
    RegionFactory,
    UserFactory,
    administrator,
    moderator_of,
    representative_of,
)
from tests.projects.factories import ProjectFactory


@pytest.fixture
def territory(app):
    region = RegionFactory()
    a, b, c = (MunicipalityFactory(region=region, name=name) for name in ("Horní Ves", "Dolní Ves", "Lhota"))
    grouping = GroupingFactory(name="Svazek obcí Podhůří", members=[a, b])
    return {"a": a, "b": b, "c": c, "grouping": grouping}


def _form(**overrides):
    data = {"title": "Páteřní optická síť Podhůří", "kind": "fibre_backbone", "status": "planned",
            "description": "Optika mezi **obcemi**.", "budget": "10 000 000", "agreement_id": "0",
            "progress_mode": "milestones", "manual_progress": "", "place_name": "", "latitude": "", "longitude": "",
            "funding-0-name": "IROP", "funding-0-amount": "6 000 000",
            "funding-1-name": "Pardubický kraj", "funding-1-amount": "1 500 000,50",
            "funding-2-name": "", "funding-2-amount": ""}
    data.update(overrides)
    return data


def _count(model):
    return db.session.scalar(select(func.count(model.id)))


def test_moderator_creates_project_with_funding_thread_and_audit(client, login, territory):
    login(moderator_of(territory["a"]))
    agreement = AgreementFactory(municipalities=[territory["a"]])
    response = client.post("/projekty/novy", data=_form(municipalities=[territory["a"].id, territory["b"].id],
                                                       agreement_id=str(agreement.id)))
    assert response.status_code == 303, response.get_data(as_text=True)
    project = db.session.scalar(select(Project))
    assert project.budget == Decimal("10000000.00")
    assert [(f.name, f.amount) for f in project.funding_sources] == [
        ("IROP", Decimal("6000000.00")), ("Pardubický kraj", Decimal("1500000.50"))]
    assert project.agreement_id == agreement.id
    assert db.session.get(Thread, project.thread_id).subject_type == "project"
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.subject_type == "project")) == "project.create"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<progress" in html and 'style="' not in html
    assert re.search(r"60(\xa0| )?%", html)  # IROP's share of the budget, as text
    assert "1\xa0500\xa0000,50\xa0Kč" in html
    assert agreement.title in html
    assert 'class="follow-button"' in html


def test_negative_amount_is_refused(client, login, territory):
    login(moderator_of(territory["a"]))
    response = client.post("/projekty/novy", data=_form(municipalities=[territory["a"].id],
                                                       **{"funding-0-amount": "-5000"}))
    assert response.status_code == 422
    assert 'id="funding-0-amount-error"' in response.get_data(as_text=True)
    response = client.post("/projekty/novy", data=_form(municipalities=[territory["a"].id], budget="-1"))
    assert response.status_code == 422
    assert _count(Project) == 0 and _count(FundingSource) == 0


def test_funding_over_budget_needs_confirmation(client, login, territory):
    login(moderator_of(territory["a"]))
    data = _form(municipalities=[territory["a"].id], budget="5 000 000")
    response = client.post("/projekty/novy", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="confirm_funding-error"' in html and 'name="confirm_funding"' in html
    assert 'value="IROP"' in html  # the form keeps what was typed
    assert _count(Project) == 0 and _count(FundingSource) == 0
    response = client.post("/projekty/novy", data={**data, "confirm_funding": "y"})
    assert response.status_code == 303


@pytest.mark.parametrize("overrides", [
    {"funding-0-amount": "šest milionů"},
    {"funding-0-name": ""},  # an amount without a source
    {"kind": "castle"},
    {"manual_progress": "140", "progress_mode": "manual"},
    {"latitude": "91"},
    {"budget": "NaN"},
    {"agreement_id": "abc"},
])
def test_malformed_input_is_refused_and_nothing_saved(client, login, territory, overrides):
    login(moderator_of(territory["a"]))
    response = client.post("/projekty/novy", data=_form(municipalities=[territory["a"].id], **overrides))
    assert response.status_code == 422
    assert _count(Project) == 0 and _count(FundingSource) == 0


def test_municipality_outside_scope_is_refused(client, login, territory):
    login(moderator_of(territory["a"]))
    response = client.post("/projekty/novy", data=_form(municipalities=[territory["b"].id]))
    assert response.status_code == 422
    assert 'id="municipalities-error"' in response.get_data(as_text=True)
    assert _count(Project) == 0


def test_roles_and_scopes(client, login, territory):
    project = ProjectFactory(municipalities=[territory["a"]])
    url = f"/projekty/{project.id}/upravit"
    assert client.get(url).status_code in (302, 401)
    login(UserFactory(home_municipality=territory["a"]))
    assert client.get(url).status_code == 403
    assert client.get("/projekty/novy").status_code == 403
    login(moderator_of(territory["b"]))
    assert client.get(url).status_code == 403
    login(moderator_of(territory["a"]))
    assert client.get(url).status_code == 200
    login(representative_of(territory["grouping"]))
    assert client.get(url).status_code == 200
    login(administrator())
    assert client.get(url).status_code == 200


def test_edit_replaces_funding_in_one_transaction_and_keeps_it_on_error(client, login, territory):
    project = ProjectFactory(municipalities=[territory["a"]], budget=Decimal(1000))
    db.session.add(FundingSource(project_id=project.id, name="Obce", amount=Decimal(400), position=0))
    db.session.commit()
    login(moderator_of(territory["a"]))
    page = client.get(f"/projekty/{project.id}/upravit").get_data(as_text=True)
    assert 'value="Obce"' in page and 'value="400"' in page
    bad = _form(title=project.title, budget="1000", municipalities=[territory["a"].id],
                **{"funding-0-name": "Obce", "funding-0-amount": "500", "funding-1-name": "Kraj",
                   "funding-1-amount": "-1"})
    assert client.post(f"/projekty/{project.id}/upravit", data=bad).status_code == 422
    db.session.expire_all()
    assert [(f.name, f.amount) for f in db.session.get(Project, project.id).funding_sources] == [("Obce", Decimal(400))]
    good = {**bad, "funding-1-amount": "300"}
    assert client.post(f"/projekty/{project.id}/upravit", data=good).status_code == 303
    db.session.expire_all()
    assert [(f.name, f.amount) for f in db.session.get(Project, project.id).funding_sources] == [
        ("Obce", Decimal(500)), ("Kraj", Decimal(300))]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "project.update"))
    assert "funding" in entry.details["changes"]


def test_status_change_records_events_and_done_asks_for_solved(client, login, territory):
    moderator = moderator_of(territory["a"])
    project = ProjectFactory(municipalities=[territory["a"]])
    waiting = ProposalFactory(municipalities=[territory["a"]], status="in_progress")
    solved = ProposalFactory(municipalities=[territory["a"]], status="solved")
    for proposal in (waiting, solved):
        db.session.add(ProjectProposal(project_id=project.id, proposal_id=proposal.id, note="Patří sem"))
    db.session.commit()
    login(moderator)
    response = client.post(f"/projekty/{project.id}/upravit", data=_form(
        title=project.title, status="done", municipalities=[territory["a"].id], budget="", **{
            "funding-0-name": "", "funding-0-amount": "", "funding-1-name": "", "funding-1-amount": ""}))
    assert response.status_code == 303
    kinds = [e.kind for e in db.session.scalars(select(Event).order_by(Event.id))]
    assert "project.status_changed" in kinds and "project.done" in kinds
    requested = db.session.scalars(select(Event).where(Event.kind == "proposal.solve_requested")).all()
    assert [e.subject_id for e in requested] == [waiting.id]
    html = client.get(f"/projekty/{project.id}").get_data(as_text=True)
    assert f"/projekty/{project.id}/podnety/{waiting.id}/vyresit" in html
    assert f"/projekty/{project.id}/podnety/{solved.id}/vyresit" not in html


def test_progress_from_milestones_or_by_hand(app, territory):
    project = ProjectFactory(municipalities=[territory["a"]])
    assert project.progress == 0
    for n in range(4):
        db.session.add(Milestone(project_id=project.id, title=f"Krok {n}", planned_on=date(2026, 1, 1 + n),
                                 done_on=date(2026, 1, 1) if n == 0 else None))
    db.session.commit()
    db.session.refresh(project)
    assert project.progress == 25
    project.progress_mode, project.manual_progress = ProgressMode.MANUAL, 70
    assert project.progress == 70


def test_list_filters_and_htmx(client, territory):
    ProjectFactory(title="Optika", municipalities=[territory["a"]])
    ProjectFactory(title="Sběrný dvůr", kind="waste", status="done", municipalities=[territory["c"]])

    def titles(query):
        html = client.get("/projekty" + query).get_data(as_text=True)
        return {t for t in ("Optika", "Sběrný dvůr") if t in html}

    assert titles("") == {"Optika", "Sběrný dvůr"}
    assert titles(f"?municipality={territory['a'].id}") == {"Optika"}
    assert titles(f"?grouping={territory['grouping'].id}") == {"Optika"}
    assert titles("?kind=waste") == {"Sběrný dvůr"}
    assert titles("?status=done") == {"Sběrný dvůr"}
    assert titles("?q=sberny") == {"Sběrný dvůr"}
    for bad in ("?municipality=x", "?status=lost", "?page=0", "?page=abc"):
        assert client.get("/projekty" + bad).status_code == 200
    fragment = client.get("/projekty", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="project-results"')
    assert 'href="/projekty"' in client.get("/").get_data(as_text=True)


def test_agreement_page_lists_its_projects(client, territory):
    agreement = AgreementFactory(municipalities=[territory["a"]])
    ProjectFactory(title="Optika pod dohodou", agreement_id=agreement.id, municipalities=[territory["a"]])
    assert "Optika pod dohodou" in client.get(f"/dohody/{agreement.id}").get_data(as_text=True)


def test_draft_agreement_is_not_shown_on_project(client, territory):
    draft = AgreementFactory(status=AgreementStatus.DRAFT, title="Tajná", municipalities=[territory["a"]])
    project = ProjectFactory(agreement_id=draft.id, municipalities=[territory["a"]])
    assert "Tajná" not in client.get(f"/projekty/{project.id}").get_data(as_text=True)


def test_municipality_and_grouping_sections(app, territory):
    from flask import render_template_string

    ProjectFactory(title="Optika", municipalities=[territory["a"]])
    with app.test_request_context():
        html = render_template_string('{% include "projects/_municipality_section.html" %}', municipality=territory["a"])
        assert "Optika" in html
        html = render_template_string('{% include "projects/_grouping_section.html" %}', grouping=territory["grouping"])
        assert "Optika" in html


def _fill(project, count, territory):
    for n in range(count):
        db.session.add(Milestone(project_id=project.id, title=f"Krok {n}", planned_on=date(2026, 1, 1),
                                 done_on=date(2026, 2, 1) if n % 2 else None))
        db.session.add(FundingSource(project_id=project.id, name=f"Zdroj {n}", amount=Decimal(100), position=n))
        db.session.add(ProjectUpdate(project_id=project.id, body=f"Novinka {n}", posted_on=date(2026, 3, 1)))
        proposal = ProposalFactory(municipalities=[territory["a"]])
        db.session.add(ProjectProposal(project_id=project.id, proposal_id=proposal.id, note="Patří sem"))
    db.session.commit()


def test_project_page_query_count_is_fixed(client, login, count_queries, territory):
    agreement = AgreementFactory(municipalities=[territory["a"]])
    small = ProjectFactory(municipalities=[territory["a"]], agreement_id=agreement.id, budget=Decimal(1000))
    large = ProjectFactory(municipalities=[territory["a"], territory["b"], territory["c"]],
                           agreement_id=agreement.id, budget=Decimal(1000), status=ProjectStatus.DONE)
    _fill(small, 1, territory)
    _fill(large, 25, territory)
    login(moderator_of(territory["a"]))

    def queries(project):
        client.get(f"/projekty/{project.id}")
        with count_queries() as counter:
            assert client.get(f"/projekty/{project.id}").status_code == 200
        return counter["n"]

    assert queries(small) == queries(large) <= 18


def test_list_query_count_is_fixed(client, count_queries, territory):
    def queries():
        with count_queries() as counter:
            client.get("/projekty")
        return counter["n"]

    ProjectFactory(municipalities=[territory["a"]])
    few = queries()
    for _ in range(15):
        ProjectFactory(municipalities=[territory["a"], territory["b"]])
    assert queries() == few


def test_future_actual_date_is_refused(client, login, territory):
    project = ProjectFactory(municipalities=[territory["a"]])
    login(moderator_of(territory["a"]))
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(f"/projekty/{project.id}/milniky", data={"title": "Kolaudace", "done_on": tomorrow})
    assert response.status_code == 422
    assert 'id="done_on-error"' in response.get_data(as_text=True)
    assert _count(Milestone) == 0


# --- Issue 20: the edit form keeps the municipalities, overdue milestones, finished = 100 % ----------


def test_edit_form_opens_with_the_projects_municipalities_selected(client, login, territory):
    agreement = AgreementFactory(municipalities=[territory["a"]], status=AgreementStatus.SIGNED)
    project = ProjectFactory(municipalities=[territory["a"], territory["b"]], agreement_id=agreement.id,
                             status=ProjectStatus.BUILDING)
    login(moderator_of(territory["a"]))
    page = client.get(f"/projekty/{project.id}/upravit").get_data(as_text=True)
    for town in (territory["a"], territory["b"]):
        assert re.search(rf'<option selected value="{town.id}"|<option value="{town.id}" selected', page), town.name
    assert not re.search(rf'<option selected value="{territory["c"].id}"|<option value="{territory["c"].id}" selected',
                         page)
    assert re.search(rf'<option selected value="{agreement.id}"|<option value="{agreement.id}" selected', page)
    assert re.search(r'<option selected value="building"|<option value="building" selected', page)


def test_saving_the_edit_form_unchanged_keeps_the_municipalities(client, login, territory):
    """What the browser sends back from the form as it opened: the municipalities are in it."""
    project = ProjectFactory(municipalities=[territory["a"], territory["b"]])
    login(moderator_of(territory["a"]))
    page = client.get(f"/projekty/{project.id}/upravit").get_data(as_text=True)
    selected = [int(v) for v in re.findall(r'<option selected value="(\d+)"|<option value="(\d+)" selected', page)
                for v in v if v]
    assert {territory["a"].id, territory["b"].id} <= set(selected)
    response = client.post(f"/projekty/{project.id}/upravit", data=_form(
        title="Nový název", municipalities=[territory["a"].id, territory["b"].id]))
    assert response.status_code == 303
    db.session.expire_all()
    saved = db.session.get(Project, project.id)
    assert saved.title == "Nový název"
    assert {m.id for m in saved.municipalities} == {territory["a"].id, territory["b"].id}


@pytest.mark.parametrize("mode", [ProgressMode.MILESTONES, ProgressMode.MANUAL])
def test_a_finished_project_is_always_100_percent(client, territory, mode):
    project = ProjectFactory(municipalities=[territory["a"]], status=ProjectStatus.DONE, progress_mode=mode,
                             manual_progress=40 if mode == ProgressMode.MANUAL else None)
    db.session.add_all([Milestone(project_id=project.id, title="Hotovo", done_on=date(2026, 1, 1)),
                        Milestone(project_id=project.id, title="Nikdy nezapsáno", planned_on=date(2026, 2, 1))])
    db.session.commit()
    db.session.refresh(project)
    assert project.progress == 100
    page = client.get(f"/projekty/{project.id}").get_data(as_text=True)
    assert 'value="100"' in page and 'value="50"' not in page and 'value="40"' not in page
    assert f'id="project-{project.id}-overdue"' not in page  # done: nothing is overdue any more
    listing = client.get("/projekty").get_data(as_text=True)
    assert 'value="100"' in listing and 'value="50"' not in listing


def test_overdue_milestones_are_flagged_on_the_page_and_the_list(client, territory):
    project = ProjectFactory(title="Kanalizace Lhota", municipalities=[territory["a"]], status=ProjectStatus.BUILDING)
    today = date.today()
    db.session.add_all([
        Milestone(project_id=project.id, title="Po termínu", planned_on=today - timedelta(days=3)),
        Milestone(project_id=project.id, title="Splněno pozdě", planned_on=today - timedelta(days=9),
                  done_on=today - timedelta(days=1)),
        Milestone(project_id=project.id, title="Dnes", planned_on=today),
        Milestone(project_id=project.id, title="Bez data"),
    ])
    db.session.commit()
    db.session.refresh(project)
    assert [m.title for m in project.overdue_milestones()] == ["Po termínu"]
    page = client.get(f"/projekty/{project.id}").get_data(as_text=True)
    assert f'id="project-{project.id}-overdue"' in page
    assert page.count('class="overdue"') == 1
    listing = client.get("/projekty").get_data(as_text=True)
    assert "badge-warn" in listing
