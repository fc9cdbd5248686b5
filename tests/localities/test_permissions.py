"""Who edits localities, records reports for residents, reads office notes and reports: every role."""

import pytest
from flask_login import AnonymousUserMixin

from participation.permissions import localities as rules

ROLES = ("visitor", "resident", "resident_out", "moderator", "moderator_out", "representative",
         "representative_out", "administrator")
# The municipality's staff: its moderator and administrators. A grouping's representative reads, not edits.
STAFF = {"moderator", "administrator"}


def _user(world, role):
    return AnonymousUserMixin() if role == "visitor" else world[role]


@pytest.mark.parametrize("role", ROLES)
def test_editing_and_adding_is_for_the_municipalitys_staff(world, role):
    user = _user(world, role)
    assert rules.can_edit_locality(user, world["hamlet"]) is (role in STAFF)
    assert rules.can_add_locality(user, world["a"]) is (role in STAFF)
    assert rules.can_edit_locality(user, world["elsewhere"]) is (role in {"moderator_out", "administrator"})


@pytest.mark.parametrize("role", ROLES)
def test_the_office_records_and_reads_its_notes_only_at_home(world, role):
    user = _user(world, role)
    assert rules.can_record_for_resident(user, world["hamlet"]) is (role in STAFF)
    assert rules.can_read_office_notes(user, world["hamlet"]) is (role in STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_residents_report_only_for_their_own_municipality(world, role):
    user = _user(world, role)
    # The moderator of the municipality lives there too (the factory makes it their home).
    assert rules.can_report_connection(user, world["hamlet"]) is (role in {"resident", "moderator"})
    assert rules.can_report_connection(user, world["elsewhere"]) is (role in {"resident_out", "moderator_out"})
    assert rules.can_report_connection(user) is (role != "visitor")


def test_a_region_administrator_edits_only_in_the_region(world):
    from participation.accounts.models import RoleKind
    from tests.factories import RegionFactory, RoleFactory, UserFactory

    regional = UserFactory()
    RoleFactory(user=regional, kind=RoleKind.ADMINISTRATOR, region=RegionFactory())
    assert not rules.can_edit_locality(regional, world["hamlet"])
    RoleFactory(user=regional, kind=RoleKind.ADMINISTRATOR, region=world["region"])
    from participation.permissions.scopes import forget_scope

    forget_scope(regional)
    assert rules.can_edit_locality(regional, world["hamlet"])


@pytest.mark.parametrize("role", ROLES)
def test_staff_covering_a_proposal_and_its_author_name_its_localities(world, role):
    from tests.agreements.factories import ProposalFactory

    user = _user(world, role)
    proposal = ProposalFactory(municipalities=[world["a"]])
    staff = {"moderator", "representative", "administrator"}
    assert rules.can_link_proposal(user, proposal) is (role in staff)
    assert rules.can_choose_locality(user, world["hamlet"], proposal) is (role in STAFF | {"representative"})
    own = ProposalFactory(municipalities=[world["a"]], author=world["resident"])
    assert rules.can_link_proposal(user, own) is (role in staff | {"resident"})
    # The author picks only localities of the proposal's own municipalities.
    assert rules.can_choose_locality(user, world["hamlet"], own) is (role in STAFF | {"representative", "resident"})
    assert rules.can_choose_locality(user, world["elsewhere"], own) is (
        role in {"moderator_out", "representative_out", "administrator"})


@pytest.mark.parametrize("role", ROLES)
def test_only_the_recorder_or_an_administrator_withdraws_an_office_report(world, role):
    from participation.localities import reports
    from participation.localities.models import FixedTechnology, MobileSignal

    data = reports.ReportData(fixed_technology=FixedTechnology.NONE, mobile_signal=MobileSignal.NONE)
    report = reports.record_for_resident(world["moderator"], world["hamlet"], data)
    assert rules.can_withdraw_office_report(_user(world, role), report) is (role in STAFF)
    report.superseded_at = report.created_at  # already withdrawn (or replaced): nothing more to withdraw
    assert not rules.can_withdraw_office_report(_user(world, role), report)


def test_another_moderator_of_the_municipality_does_not_withdraw_a_colleagues_report(world):
    from participation.localities import reports
    from participation.localities.models import FixedTechnology, MobileSignal
    from tests.factories import moderator_of

    data = reports.ReportData(fixed_technology=FixedTechnology.NONE, mobile_signal=MobileSignal.NONE)
    report = reports.record_for_resident(world["moderator"], world["hamlet"], data)
    assert not rules.can_withdraw_office_report(moderator_of(world["a"]), report)
