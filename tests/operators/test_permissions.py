"""Every operators' rule, for every role: visitor, residents in and out, operators' staff, moderators,
representatives, administrators."""

from datetime import date, timedelta

import pytest
from flask_login import AnonymousUserMixin

from participation.accounts.models import RoleKind
from participation.localities.models import FixedTechnology
from participation.operators import declarations
from participation.operators.declarations import DeclarationData
from participation.operators.models import DeclarationKind
from participation.permissions import operators as rules
from tests.factories import MunicipalityFactory, RegionFactory, RoleFactory, UserFactory

ROLES = ("visitor", "resident", "resident_out", "staff", "staff_far", "moderator", "moderator_out",
         "representative", "administrator")


def _who(world, operators, residents, role):
    if role == "visitor":
        return AnonymousUserMixin()
    if role.startswith("staff"):
        return operators[role]
    return world[role]


def _allowed(rule, world, operators, residents, *args):
    return {role for role in ROLES if rule(_who(world, operators, residents, role), *args)}


def test_only_administrators_manage_operators(world, operators, residents):
    assert _allowed(rules.can_manage_operators, world, operators, residents) == {"administrator"}


def test_a_region_administrator_names_only_its_municipalities(world, operators):
    regional = UserFactory()
    RoleFactory(user=regional, kind=RoleKind.ADMINISTRATOR, region=world["region"])
    far_away = MunicipalityFactory(region=RegionFactory(code="CZ-X10", name="Jinde"))
    assert rules.can_assign_municipality(world["administrator"], far_away)
    assert rules.can_assign_municipality(regional, world["a"])
    assert not rules.can_assign_municipality(regional, far_away)
    assert not rules.can_assign_municipality(world["moderator"], world["a"])


def test_staff_declare_only_for_their_operator_where_it_works(world, operators, residents):
    net, far = operators["net"], operators["far"]
    assert _allowed(rules.can_declare, world, operators, residents, net, world["hamlet"]) == {"staff"}
    # The operator does not work in Králíky; its staff cannot declare there, nor for another operator.
    assert _allowed(rules.can_declare, world, operators, residents, net, world["elsewhere"]) == set()
    assert _allowed(rules.can_declare, world, operators, residents, far, world["elsewhere"]) == {"staff_far"}
    assert _allowed(rules.can_declare, world, operators, residents, far, world["hamlet"]) == set()


def test_anonymised_reports_are_for_the_operator_working_there_and_the_locality_staff(world, operators, residents):
    assert _allowed(rules.can_read_reports, world, operators, residents, operators["net"], world["hamlet"]) == {
        "staff", "moderator", "administrator"}


def test_the_queue_is_for_the_operators_staff_and_administrators(world, operators, residents):
    assert _allowed(rules.can_view_queue, world, operators, residents, operators["net"]) == {
        "staff", "administrator"}


@pytest.fixture
def fibre(world, operators):
    return declarations.declare(operators["staff"], operators["net"], world["hamlet"], DeclarationData(
        DeclarationKind.CURRENT, FixedTechnology.FIBRE, 1000))


def test_residents_of_the_municipality_answer_a_declaration(world, operators, residents, fibre):
    # The moderator lives in the municipality too (moderator_of sets the home municipality).
    assert _allowed(rules.can_respond, world, operators, residents, fibre) == {"resident", "moderator"}


def test_nobody_answers_a_confirmation_a_superseded_or_a_decided_declaration(world, operators, residents):
    confirm = declarations.declare(operators["staff"], operators["net"], world["village"],
                                   DeclarationData(DeclarationKind.CONFIRM))
    assert not rules.can_respond(world["resident"], confirm)
    plan = declarations.declare(operators["staff"], operators["net"], world["hamlet"], DeclarationData(
        DeclarationKind.PLANNED, FixedTechnology.FIBRE, 1000, available_by=date.today() + timedelta(days=90)))
    assert rules.can_respond(world["resident"], plan)
    plan.superseded_at = plan.created_at
    assert not rules.can_respond(world["resident"], plan)


def test_only_the_municipalitys_staff_decide_and_only_a_dispute(world, operators, residents, fibre):
    assert _allowed(rules.can_decide, world, operators, residents, fibre) == set()
    declarations.respond(world["resident"], fibre, False, "U nás optika není.")
    assert _allowed(rules.can_decide, world, operators, residents, fibre) == {"moderator", "administrator"}
    declarations.decide(world["moderator"], fibre, False, "Nedoloženo.")
    assert _allowed(rules.can_decide, world, operators, residents, fibre) == set()
