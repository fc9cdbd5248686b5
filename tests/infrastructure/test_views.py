"""Pages, forms and exports: refusals next to the field, per-role access, fixed query counts."""

from datetime import date, timedelta

from sqlalchemy import func, select

from participation.extensions import db
from participation.infrastructure import services
from participation.infrastructure.models import AccessRequest, Asset, JoinRequest, PlannedWork, RequestState
from tests.infrastructure.conftest import asset_data, work_data


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _asset_form(world, **overrides):
    form = {"municipality": str(world["a"].id), "kind": "mast", "name": "Stožár na kopci", "owner": "Obec",
            "conditions": "free", "status": "available", "latitude": "49,98", "longitude": "16,41", "route": ""}
    form.update(overrides)
    return form


def _work_form(world, **overrides):
    start = date.today() + timedelta(days=40)
    form = {"municipality": str(world["a"].id), "kind": "water", "title": "Nový vodovodní řad Knapovec",
            "route": "49.9701, 16.3901\n49.9755, 16.4012", "starts_on": start.isoformat(),
            "joining_deadline": (start - timedelta(days=10)).isoformat(), "ends_on": ""}
    form.update(overrides)
    return form


def test_a_moderator_records_an_asset_by_typing_coordinates(client, world, login):
    login(world["moderator"])
    response = client.post("/infrastruktura/nova", data=_asset_form(world))
    assert response.status_code == 303
    asset = db.session.scalar(select(Asset))
    assert (asset.latitude, asset.longitude) == (49.98, 16.41)


def test_coordinates_outside_czechia_are_refused_next_to_the_field_and_kept(client, world, login):
    login(world["moderator"])
    response = client.post("/infrastruktura/nova", data=_asset_form(world, latitude="48,2082", longitude="16,3738"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="latitude-error"' in page and "48,2082" in page
    assert _count(Asset) == 0


def test_a_route_of_one_point_is_refused_next_to_the_route(client, world, login):
    login(world["moderator"])
    response = client.post("/stavby/nova", data=_work_form(world, route="49.9701, 16.3901"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="route-error"' in page and "49.9701, 16.3901" in page
    assert _count(PlannedWork) == 0


def test_a_joining_deadline_after_the_start_is_refused_next_to_the_field(client, world, login):
    login(world["moderator"])
    start = date.today() + timedelta(days=40)
    response = client.post("/stavby/nova", data=_work_form(
        world, joining_deadline=(start + timedelta(days=3)).isoformat()))
    assert response.status_code == 422
    assert 'id="joining_deadline-error"' in response.get_data(as_text=True)
    assert _count(PlannedWork) == 0


def test_a_moderator_elsewhere_cannot_record_for_this_municipality(client, world, login):
    login(world["moderator_out"])
    response = client.post("/infrastruktura/nova", data=_asset_form(world))
    assert response.status_code == 422
    assert _count(Asset) == 0


def test_residents_may_not_record_assets_or_works(client, world, login):
    login(world["resident"])
    assert client.get("/infrastruktura/nova").status_code == 403
    assert client.post("/stavby/nova", data=_work_form(world)).status_code == 403
    assert _count(PlannedWork) == 0


def test_a_request_for_an_asset_not_offered_is_refused_next_to_the_field(client, world, operators, infra, login):
    login(operators["staff"])
    response = client.post("/infrastruktura/zadosti/nova", data={
        "asset": str(infra["reserved"].id), "operator": str(operators["net"].id), "purpose": "Anténa na střechu"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="asset-error"' in page and "Anténa na střechu" in page
    assert _count(AccessRequest) == 0


def test_an_operator_asks_for_access_and_the_moderator_answers(client, world, operators, infra, login):
    login(operators["staff"])
    response = client.post("/infrastruktura/zadosti/nova", data={
        "asset": str(infra["mast"].id), "operator": str(operators["net"].id), "purpose": "Anténa FWA",
        "localities": [str(world["hamlet"].id)], "timetable": "Léto 2027"})
    assert response.status_code == 303
    request = db.session.scalar(select(AccessRequest))
    assert [loc.name for loc in request.localities] == ["Horní Houžovec"]
    login(world["moderator_out"])
    assert client.post(f"/infrastruktura/zadosti/{request.id}/odpoved",
                       data={"outcome": "agree", "answer": ""}).status_code == 404
    login(world["moderator"])
    inbox = client.get("/schranka").get_data(as_text=True)
    assert "Orlicko Net s.r.o." in inbox and "infrastructure-waiting" in inbox
    response = client.post(f"/infrastruktura/zadosti/{request.id}/odpoved",
                           data={"outcome": "agree", "answer": "Nájem dle ceníku."})
    assert response.status_code == 303
    db.session.refresh(request)
    assert request.state == RequestState.AGREED
    response = client.post(f"/infrastruktura/zadosti/{request.id}/dohoda")
    assert response.status_code == 303
    agreement_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Orlicko Net s.r.o." in agreement_page
    municipality = client.get(f"/obce/{world['a'].code}").get_data(as_text=True)
    assert "Answered in time" in municipality or "Zodpovězeno včas" in municipality


def test_an_operator_joins_the_trench_and_the_moderator_agrees(client, world, operators, infra, login):
    work = infra["work"]
    login(operators["staff"])
    response = client.post(f"/stavby/{work.id}/pripojit", data={
        "operator": str(operators["net"].id), "what": "2× HDPE 40 mm"})
    assert response.status_code == 303
    join = db.session.scalar(select(JoinRequest))
    assert client.post(f"/stavby/pripojeni/{join.id}/odpoved", data={"outcome": "agree"}).status_code == 403
    login(world["moderator"])
    response = client.post(f"/stavby/pripojeni/{join.id}/odpoved", data={"outcome": "refuse", "answer": ""})
    assert response.status_code == 422 and 'id="answer-error"' in response.get_data(as_text=True)
    response = client.post(f"/stavby/pripojeni/{join.id}/odpoved",
                           data={"outcome": "agree", "answer": "Hloubka 1,2 m."})
    assert response.status_code == 303
    public = client.application.test_client().get(f"/stavby/{work.id}").get_data(as_text=True)
    assert "Orlicko Net s.r.o." in public and "Hloubka 1,2 m." in public


def test_the_asset_list_runs_a_fixed_number_of_queries(client, world, infra, login, count_queries):
    login(world["moderator"])
    client.get("/infrastruktura")
    with count_queries() as few:
        client.get("/infrastruktura")
    for n in range(4):
        services.create_asset(world["moderator"], world["b"], asset_data(name=f"Chránička {n}"))
    login(world["moderator"])
    client.get("/infrastruktura")
    with count_queries() as many:
        assert client.get("/infrastruktura").status_code == 200
    assert many["n"] == few["n"]


def test_the_works_list_and_a_works_page_run_a_fixed_number_of_queries(client, world, operators, infra,
                                                                         login, count_queries):
    work = infra["work"]
    login(world["moderator"])
    for url in ("/stavby", f"/stavby/{work.id}"):
        client.get(url)
        with count_queries() as few:
            client.get(url)
        for n in range(3):
            services.create_work(world["moderator"], world["a"], work_data(title=f"Chodník {n}"))
            services.request_join(operators["staff"], operators["net"], work, f"Kabel {n}")
        login(world["moderator"])
        client.get(url)
        with count_queries() as many:
            assert client.get(url).status_code == 200
        assert many["n"] == few["n"], url


def test_an_asset_page_runs_a_fixed_number_of_queries(client, world, operators, infra, login, count_queries):
    url = f"/infrastruktura/{infra['mast'].id}"
    login(world["moderator"])
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for _n in range(3):
        services.request_access(operators["staff"], operators["net"], infra["mast"], services.AccessData("Anténa"))
    login(world["moderator"])
    client.get(url)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many["n"] == few["n"]


def test_works_without_a_route_are_refused_next_to_the_route(client, world, login):
    login(world["moderator"])
    response = client.post("/stavby/nova", data=_work_form(world, route=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="route-error"' in page and "Nová" not in page.split('id="route-error"')[1][:200]
    assert _count(PlannedWork) == 0


def test_the_list_fragment_for_htmx_is_the_results_only(client, world, infra):
    response = client.get("/infrastruktura?kind=mast", headers={"HX-Request": "true", "Accept-Language": "en"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith('<section id="asset-results"')
    assert "HX-Request" in response.headers["Vary"] and "Cookie" in response.headers["Vary"]
    assert "Mast" in body and "Duct or conduit" not in body
