"""The locality's page, editing, reporting, the office's record, and privacy on every page."""

from datetime import timedelta

from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.common.models import utcnow
from participation.extensions import db
from participation.localities import reports
from participation.localities.models import ConnectionReport, ConnectionStatus, Locality
from tests.localities.factories import report_data

REPORT = {"fixed_technology": "dsl", "mobile_signal": "weak", "advertised_download": "20",
          "advertised_upload": "2"}


def _report_count() -> int:
    return db.session.scalar(select(func.count(ConnectionReport.id)))


def _three_reports(world, residents, locality=None):
    locality = locality or world["hamlet"]
    for person in residents[:3]:
        reports.submit_report(person, locality, report_data("none"), now=utcnow() - timedelta(minutes=5))
    return locality


def test_locality_page_shows_too_few_reports_then_the_status(client, world, residents):
    html = client.get(f"/lokality/{world['hamlet'].id}").get_data(as_text=True)
    assert "Horní Houžovec" in html and html.count("<h1") == 1
    client.set_cookie("lang", "en")
    assert "Too few reports" in client.get(f"/lokality/{world['hamlet'].id}").get_data(as_text=True)
    _three_reports(world, residents)
    html = client.get(f"/lokality/{world['hamlet'].id}").get_data(as_text=True)
    assert "Unserved" in html and "3 current reports" in html
    # Never who reported.
    assert all(person.display_name not in html for person in residents)
    assert f'/obce/{world["a"].code}' in html and "Edit locality" not in html


def test_missing_locality_is_404(client):
    assert client.get("/lokality/999999").status_code == 404


def test_resident_reports_from_the_locality_page(client, login, world):
    login(world["resident"])
    page = client.get(f"/lokality/{world['hamlet'].id}").get_data(as_text=True)
    assert f"/pripojeni/nahlasit?lokalita={world['hamlet'].id}" in page
    form = client.get(f"/pripojeni/nahlasit?lokalita={world['hamlet'].id}").get_data(as_text=True)
    assert f'<option selected value="{world["hamlet"].id}">' in form and "Vojtíškov" not in form
    response = client.post("/pripojeni/nahlasit", data={**REPORT, "locality_id": world["hamlet"].id})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/lokality/{world['hamlet'].id}")
    assert reports.current_report_of(world["resident"]).locality_id == world["hamlet"].id


def test_bad_report_is_refused_next_to_the_field_keeping_the_input(client, login, world):
    login(world["resident"])
    response = client.post("/pripojeni/nahlasit", data={
        **REPORT, "locality_id": world["hamlet"].id, "advertised_download": "-5", "advertised_upload": "12,5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="advertised_download-error"' in html and "A speed cannot be negative." in html
    assert 'value="12,5"' in html and 'value="-5"' in html
    assert _report_count() == 0


def test_a_locality_of_another_municipality_is_refused(client, login, world):
    login(world["resident"])
    response = client.post("/pripojeni/nahlasit", data={**REPORT, "locality_id": world["elsewhere"].id})
    assert response.status_code == 422
    assert "Choose a locality of the municipality you live in." in response.get_data(as_text=True)
    assert _report_count() == 0


def test_a_second_report_in_the_same_minute_is_refused_with_a_clear_message(client, login, world):
    login(world["resident"])
    client.post("/pripojeni/nahlasit", data={**REPORT, "locality_id": world["hamlet"].id})
    response = client.post("/pripojeni/nahlasit", data={**REPORT, "locality_id": world["village"].id})
    assert response.status_code == 422
    assert "less than a minute ago" in response.get_data(as_text=True)
    assert _report_count() == 1


def test_reporting_needs_an_account(client):
    response = client.get("/pripojeni/nahlasit")
    assert response.status_code in (302, 303) and "/prihlaseni" in response.headers["Location"]


def test_the_office_records_a_report_and_only_its_staff_read_the_note(client, login, world, app):
    login(world["moderator"])
    page = client.get(f"/lokality/{world['hamlet'].id}/zaznam-uradu").get_data(as_text=True)
    assert 'name="office_note"' in page and 'name="locality_id"' not in page
    response = client.post(f"/lokality/{world['hamlet'].id}/zaznam-uradu",
                           data={**REPORT, "fixed_technology": "none", "advertised_download": "",
                                 "advertised_upload": "", "office_note": "Formulář č. 7"})
    assert response.status_code == 303
    assert "Formulář č. 7" in client.get(f"/lokality/{world['hamlet'].id}").get_data(as_text=True)
    for other in ("moderator_out", "representative", "resident"):
        other_client = app.test_client()
        login(world[other], other_client)
        assert "Formulář č. 7" not in other_client.get(f"/lokality/{world['hamlet'].id}").get_data(as_text=True)
        assert other_client.get(f"/lokality/{world['hamlet'].id}/zaznam-uradu").status_code == 403


def test_the_moderator_edits_and_adds_localities_with_an_audit_entry(client, login, world):
    login(world["moderator"])
    edit = f"/lokality/{world['hamlet'].id}/upravit"
    assert "Horní Houžovec" in client.get(edit).get_data(as_text=True)
    response = client.post(edit, data={"name": "Horní Houžovec", "code": "12x", "latitude": "95",
                                       "dwellings": "26", "inhabitants": "61"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="code-error"' in html and 'id="latitude-error"' in html
    assert 'value="12x"' in html
    response = client.post(edit, data={"name": "Horní Houžovec", "code": "", "latitude": "49,999",
                                       "longitude": "16.419", "dwellings": "26", "inhabitants": "61"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Locality, world["hamlet"].id).latitude == 49.999
    response = client.post(f"/obce/{world['a'].code}/lokality/nova", data={"name": "Knapovec", "dwellings": "1"})
    assert response.status_code == 422 and "already has a locality of this name" in response.get_data(as_text=True)
    response = client.post(f"/obce/{world['a'].code}/lokality/nova", data={"name": "Oldřichovice", "dwellings": "70"})
    assert response.status_code == 303
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"locality.update", "locality.create"} <= actions


def test_others_may_not_edit_or_add(client, login, world):
    assert client.get(f"/lokality/{world['hamlet'].id}/upravit").status_code in (302, 303)
    for role in ("resident", "moderator_out", "representative"):
        login(world[role])
        assert client.get(f"/lokality/{world['hamlet'].id}/upravit").status_code == 403
        assert client.post(f"/obce/{world['a'].code}/lokality/nova", data={"name": "X"}).status_code == 403


def test_the_municipality_page_has_a_connection_section(client, login, world, residents):
    _three_reports(world, residents)
    client.set_cookie("lang", "en")
    html = client.get(f"/obce/{world['a'].code}").get_data(as_text=True)
    assert "Connection" in html and "Horní Houžovec" in html and "Unserved" in html
    assert "115 dwellings are still short of a gigabit connection" in html
    assert "Add a locality" not in html
    login(world["moderator"])
    assert "Add a locality" in client.get(f"/obce/{world['a'].code}").get_data(as_text=True)


def test_a_locality_outside_czechia_is_refused_with_a_clear_message(client, login, world):
    login(world["moderator"])
    response = client.post(f"/lokality/{world['hamlet'].id}/upravit", data={
        "name": "Horní Houžovec", "latitude": "52.5", "longitude": "13.4", "dwellings": "26", "inhabitants": "61"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Pick a place in the Czech Republic: the latitude is between 48.55 and 51.06." in html
    assert 'value="52.5"' in html and 'value="13.4"' in html and "data-map-picker" in html
    db.session.expire_all()
    assert db.session.get(Locality, world["hamlet"].id).latitude is None


def test_the_office_withdraws_a_report_recorded_by_mistake_and_the_status_follows(client, world, residents, login):
    hamlet = world["hamlet"]
    for person in residents[:2]:
        reports.submit_report(person, hamlet, report_data("none"), now=utcnow() - timedelta(minutes=5))
    mistaken = reports.record_for_resident(world["moderator"], hamlet, report_data("none"), "Formulář č. 7")
    assert hamlet.status == ConnectionStatus.UNSERVED
    login(world["moderator"])
    client.set_cookie("lang", "en")
    url = f"/lokality/{hamlet.id}/zaznam-uradu/{mistaken.id}/vzit-zpet"
    assert url in client.get(f"/lokality/{hamlet.id}").get_data(as_text=True)
    response = client.post(url, data={"reason": "  "})
    assert response.status_code == 422 and "Write the reason" in response.get_data(as_text=True)
    assert mistaken.superseded_at is None
    response = client.post(url, data={"reason": "Zapsáno dvakrát."})
    assert response.status_code == 303
    db.session.refresh(hamlet)
    assert hamlet.status == ConnectionStatus.UNKNOWN and hamlet.report_count == 2  # too few again
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "connection_report.withdraw"))
    assert entry.reason == "Zapsáno dvakrát." and entry.actor_id == world["moderator"].id
    assert "Formulář č. 7" not in str(entry.details)  # the office note stays out of the audit log
    assert client.post(url, data={"reason": "Znovu."}).status_code == 403  # already withdrawn
    assert client.get(f"/lokality/{world['elsewhere'].id}/zaznam-uradu/{mistaken.id}/vzit-zpet").status_code in (
        403, 404)
