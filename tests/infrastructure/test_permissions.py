"""Who may do what with shared infrastructure, role by role."""

import pytest
from flask_login import AnonymousUserMixin

from participation.infrastructure import services
from participation.permissions import infrastructure as rules

ROLES = ("visitor", "resident", "moderator", "moderator_out", "representative", "representative_out",
         "administrator", "operator")


def _user(world, operators, role):
    if role == "visitor":
        return AnonymousUserMixin()
    if role == "operator":
        return operators["staff"]
    return world[role]


@pytest.mark.parametrize("role, manages, sees", [
    ("visitor", False, False), ("resident", False, False), ("moderator", True, True),
    ("moderator_out", False, False), ("representative", True, True), ("representative_out", False, False),
    ("administrator", True, True), ("operator", False, True)])
def test_who_manages_and_who_sees_exact_positions(app, world, operators, infra, role, manages, sees):
    user = _user(world, operators, role)
    assert rules.can_edit_asset(user, infra["duct"]) is manages
    assert rules.can_edit_work(user, infra["work"]) is manages
    assert rules.sees_positions(user, world["a"].id) is sees


@pytest.mark.parametrize("role", ROLES)
def test_only_operators_staff_ask_for_access_and_to_join(app, world, operators, infra, role):
    user = _user(world, operators, role)
    assert rules.can_request_access(user) is (role == "operator")
    assert rules.can_request_join(user, infra["work"]) is (role == "operator")


@pytest.mark.parametrize("role", ROLES)
def test_answers_come_from_the_municipalitys_staff_only(app, world, operators, infra, role):
    request = services.request_access(operators["staff"], operators["net"], infra["mast"],
                                      services.AccessData("Anténa"))
    user = _user(world, operators, role)
    expected = role in ("moderator", "representative", "administrator")
    assert rules.can_answer_access_request(user, request) is expected
    assert rules.can_view_access_request(user, request) is (expected or role == "operator")


def test_a_finished_work_is_no_longer_edited_or_joined(app, world, operators, infra):
    services.finish_work(world["moderator"], infra["work"])
    assert not rules.can_edit_work(world["moderator"], infra["work"])
    assert not rules.can_request_join(operators["staff"], infra["work"])
