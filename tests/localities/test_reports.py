"""Connection reports: the rules, one current report per person, and the status they give a locality."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.common.models import utcnow
from participation.extensions import db
from participation.localities import reports
from participation.localities.models import ConnectionReport, ConnectionStatus, FixedTechnology, ReportSource
from participation.localities.services import Invalid
from tests.localities.factories import report_data


def _count(model=ConnectionReport) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _send(user, locality, minutes_ago: int = 0, **kwargs):
    return reports.submit_report(user, locality, report_data(**kwargs), now=utcnow() - timedelta(minutes=minutes_ago))


@pytest.mark.parametrize(("values", "field"), [
    ({"download": -1}, "advertised_download"),
    ({"upload": -0.5}, "advertised_upload"),
    ({"download": 0}, "advertised_download"),
    ({"download": None}, "advertised_download"),
    ({"download": 10_001}, "advertised_download"),
    ({"measured_download": 0, "measured_on": date.today()}, "measured_download"),
    ({"measured_upload": 20_000, "measured_on": date.today()}, "measured_upload"),
    ({"measured_download": 12}, "measured_on"),
    ({"measured_download": 12, "measured_on": date.today() + timedelta(days=30)}, "measured_on"),
])
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(world, values, field):
    with pytest.raises(Invalid) as refused:
        reports.submit_report(world["resident"], world["hamlet"], report_data(**values))
    assert field in refused.value.errors
    assert _count() == 0


def test_no_fixed_connection_takes_no_speeds(world):
    errors = reports.check_report(report_data("none", measured_download=5, measured_on=date.today()))
    assert set(errors) == {"measured_download"}
    report = _send(world["resident"], world["hamlet"], technology="none")
    assert report.advertised_download is None and report.fixed_technology == FixedTechnology.NONE


def test_the_limits_themselves_are_accepted(world):
    report = _send(world["resident"], world["hamlet"], technology="fibre", download=10_000, upload=0.5,
                   measured_download=9_000, measured_on=date.today())
    assert report.id and report.measured_download == 9_000


def test_a_locality_outside_the_residents_municipality_is_refused(world):
    with pytest.raises(Invalid) as refused:
        _send(world["resident"], world["elsewhere"])
    assert "locality_id" in refused.value.errors
    assert _count() == 0
    assert world["elsewhere"].report_count == 0


def test_a_new_report_replaces_the_old_which_is_kept_as_history(world):
    first = _send(world["resident"], world["hamlet"], minutes_ago=10)
    second = _send(world["resident"], world["village"], technology="fibre", download=1000, upload=300)
    db.session.refresh(first)
    assert first.superseded_at is not None and second.superseded_at is None
    assert _count() == 2
    assert reports.current_report_of(world["resident"]).id == second.id
    # Moving to another locality takes the report out of the first one's evidence.
    assert world["hamlet"].report_count == 0 and world["village"].report_count == 1


def test_a_second_report_within_the_same_minute_is_refused(app, world):
    _send(world["resident"], world["hamlet"], minutes_ago=0)
    with pytest.raises(Invalid) as refused:
        _send(world["resident"], world["hamlet"], technology="fibre", download=1000)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert "less than a minute ago" in str(refused.value.errors["form"])
    assert _count() == 1
    assert reports.current_report_of(world["resident"]).fixed_technology == FixedTechnology.DSL


def test_the_office_records_reports_without_an_account_with_a_private_note(world):
    report = reports.record_for_resident(world["moderator"], world["hamlet"], report_data("none"),
                                         "Formulář č. 12, paní z čp. 4")
    assert report.source == ReportSource.OFFICE and report.reporter_id is None
    assert report.recorded_by_id == world["moderator"].id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "connection_report.record"))
    assert entry.subject_id == world["hamlet"].id and "čp" not in str(entry.details)
    # Two paper reports are two people: both count.
    reports.record_for_resident(world["moderator"], world["hamlet"], report_data("none"))
    assert world["hamlet"].report_count == 2


# ----- status -----

def _reports(world, residents, *specs):
    """Each spec is the keyword arguments of one resident's report on the hamlet."""
    for person, spec in zip([world["resident"], *residents], specs, strict=False):
        _send(person, world["hamlet"], minutes_ago=5, **spec)
    return world["hamlet"]


def test_too_few_reports_leave_the_status_unknown(world, residents):
    hamlet = _reports(world, residents, {"technology": "fibre", "download": 1000}, {})
    assert hamlet.status == ConnectionStatus.UNKNOWN and hamlet.report_count == 2
    _send(residents[2], hamlet)
    assert hamlet.status == ConnectionStatus.GIGABIT and hamlet.report_count == 3
    assert hamlet.newest_report_at is not None


@pytest.mark.parametrize(("best", "status"), [
    (29.9, ConnectionStatus.UNSERVED), (30, ConnectionStatus.UNDERSERVED), (99, ConnectionStatus.UNDERSERVED),
    (100, ConnectionStatus.SERVED), (999, ConnectionStatus.SERVED), (1000, ConnectionStatus.GIGABIT),
])
def test_the_best_fixed_download_decides(world, residents, best, status):
    hamlet = _reports(world, residents, {"download": 8}, {"technology": "fixed_wireless", "download": best},
                      {"technology": "none"})
    assert hamlet.status == status


def test_a_lower_measured_speed_beats_the_advertised_one_never_a_higher(world, residents):
    hamlet = _reports(world, residents,
                      {"technology": "fixed_wireless", "download": 100, "measured_download": 40,
                       "measured_on": date.today()}, {"technology": "none"}, {"technology": "none"})
    assert hamlet.status == ConnectionStatus.UNDERSERVED
    _send(residents[3], hamlet, technology="dsl", download=20, measured_download=150, measured_on=date.today())
    assert hamlet.status == ConnectionStatus.UNDERSERVED


def test_satellite_and_no_connection_leave_a_locality_unserved(world, residents):
    hamlet = _reports(world, residents, {"technology": "satellite", "download": 200}, {"technology": "none"},
                      {"download": 10})
    assert hamlet.status == ConnectionStatus.UNSERVED


def test_thresholds_and_minimum_are_settings(app, world, residents):
    app.config["CONNECTIVITY_MIN_REPORTS"] = 1
    app.config["CONNECTIVITY_THRESHOLDS"] = (10, 50, 500)
    hamlet = _reports(world, residents, {"download": 60})
    assert hamlet.status == ConnectionStatus.SERVED


def test_recount_matches_the_statuses_kept_on_each_write(app, world, residents):
    _reports(world, residents, {"download": 50}, {"technology": "fibre", "download": 1000}, {"technology": "none"})
    _send(residents[2], world["village"], minutes_ago=3)
    reports.record_for_resident(world["moderator"], world["village"], report_data("none"))
    kept = {loc.id: (loc.status, loc.report_count, loc.newest_report_at)
            for loc in (world["hamlet"], world["village"], world["elsewhere"])}
    for locality in (world["hamlet"], world["village"]):
        locality.status, locality.report_count, locality.newest_report_at = ConnectionStatus.SERVED, 99, None
    db.session.commit()
    assert reports.recount_all() == 2
    for locality in (world["hamlet"], world["village"], world["elsewhere"]):
        db.session.refresh(locality)
        assert (locality.status, locality.report_count, locality.newest_report_at) == kept[locality.id]
    assert reports.recount_all() == 0
    result = app.test_cli_runner().invoke(args=["localities", "recount"])
    assert result.exit_code == 0 and "0 changed" in result.output
