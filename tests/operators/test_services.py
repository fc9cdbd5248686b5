"""Operators, declarations, residents' answers, moderators' decisions, and the status they give a locality."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participation.accounts.models import Role, RoleKind
from participation.audit.models import AuditEntry
from participation.common.models import utcnow
from participation.events.models import Event
from participation.extensions import db
from participation.localities import reports
from participation.localities.models import ConnectionStatus, FixedTechnology
from participation.localities.services import Invalid
from participation.operators import declarations, services
from participation.operators.declarations import DeclarationData
from participation.operators.models import Declaration, DeclarationKind, DeclarationState, Operator
from participation.permissions.scopes import scope_of
from tests.factories import UserFactory
from tests.localities.factories import report_data

FIBRE = DeclarationData(DeclarationKind.CURRENT, FixedTechnology.FIBRE, 1000, 300)
EARLIER = utcnow() - timedelta(minutes=10)


# ----- the operator -----

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(("number", "valid"), [
    ("00064581", True), ("25596641", True), ("00064582", False), ("0006458", False), ("0006458a", False),
    ("", False), ("123456789", False)])
def test_company_number_needs_eight_digits_and_a_correct_check_digit(number, valid):
    assert services.valid_company_number(number) is valid


def test_a_short_company_number_gets_its_leading_zeros():
    assert services.clean_company_number("64 581") == "00064581"


def test_an_administrator_adds_an_operator_once_per_company_number(world):
    admin = world["administrator"]
    operator = services.create_operator(admin, services.OperatorData(
        "Orlicko Net", "00064581", contact_email="info@orlicko.example", municipalities=[world["a"], world["b"]]))
    assert {m.id for m in operator.municipalities} == {world["a"].id, world["b"].id}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "operator.create"))
    assert entry.actor_id == admin.id and entry.details["company_number"] == "00064581"
    with pytest.raises(Invalid) as refused:
        services.create_operator(admin, services.OperatorData("Kopie", "00064581"))
    assert "company_number" in refused.value.errors
    with pytest.raises(Invalid) as refused:
        services.create_operator(admin, services.OperatorData("Špatně", "00064582"))
    assert "check digit" in str(refused.value.errors["company_number"])
    assert db.session.scalar(select(func.count(Operator.id))) == 1


def test_updating_an_operator_audits_what_changed(world, operators):
    net = operators["net"]
    services.update_operator(world["administrator"], net, services.OperatorData(
        net.name, net.company_number, contact_phone="+420 465 000 000", municipalities=[world["a"], world["b"]]))
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "operator.update"))
    assert set(entry.details["changes"]) == {"contact_phone", "municipalities"}


def test_staff_get_an_operator_role_and_act_in_its_municipalities_only(world, operators):
    person = UserFactory(email="technik@orlicko.example")
    role = services.add_staff(world["administrator"], operators["net"], "Technik@Orlicko.example")
    assert role.kind == RoleKind.OPERATOR and role.operator_id == operators["net"].id
    scope = scope_of(person)
    assert scope.operator_ids == {operators["net"].id}
    assert scope.operated == {(operators["net"].id, world["a"].id)}
    # An operator's staff are not the municipality's staff.
    assert scope.is_empty and not scope.moderated_municipality_ids
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "role.grant")).target_user_id == person.id
    for email, message in (("technik@orlicko.example", "already"), ("nobody@example.cz", "Nobody")):
        with pytest.raises(Invalid) as refused:
            services.add_staff(world["administrator"], operators["net"], email)
        assert message in str(refused.value.errors["email"])
    assert db.session.scalar(select(func.count(Role.id)).where(Role.user_id == person.id)) == 1


# ----- declarations -----

@pytest.mark.parametrize(("data", "field", "message"), [
    (DeclarationData(DeclarationKind.CURRENT, None, 100), "technology", "technology"),
    (DeclarationData(DeclarationKind.CURRENT, FixedTechnology.FIBRE, None), "download", "top speed"),
    (DeclarationData(DeclarationKind.CURRENT, FixedTechnology.FIBRE, -5), "download", "negative"),
    (DeclarationData(DeclarationKind.CURRENT, FixedTechnology.FIBRE, 0), "download", "zero"),
    (DeclarationData(DeclarationKind.CURRENT, FixedTechnology.FIBRE, 10_001), "download", "10 Gbit/s"),
    (DeclarationData(DeclarationKind.CURRENT, FixedTechnology.FIBRE, 100, 0), "upload", "zero"),
    (DeclarationData(DeclarationKind.PLANNED, FixedTechnology.FIBRE, 1000), "available_by", "date"),
    (DeclarationData(DeclarationKind.PLANNED, FixedTechnology.FIBRE, 1000, available_by=date(2020, 1, 1)),
     "available_by", "after today"),
    (DeclarationData(DeclarationKind.CURRENT, FixedTechnology.FIBRE, 1000, available_by=date(2030, 1, 1)),
     "available_by", "empty"),
])
def test_a_bad_declaration_is_refused_next_to_its_field_and_changes_nothing(world, operators, data, field, message):
    with pytest.raises(Invalid) as refused:
        declarations.declare(operators["staff"], operators["net"], world["hamlet"], data)
    assert message in str(refused.value.errors[field])
    assert db.session.scalar(select(func.count(Declaration.id))) == 0


def test_a_new_declaration_supersedes_the_old_one_but_not_within_a_minute(world, operators):
    staff, net, hamlet = operators["staff"], operators["net"], world["hamlet"]
    first = declarations.declare(staff, net, hamlet, DeclarationData(DeclarationKind.CONFIRM), now=EARLIER)
    with pytest.raises(Invalid) as refused:
        declarations.declare(staff, net, hamlet, FIBRE, now=EARLIER + timedelta(seconds=30))
    assert "less than a minute" in str(refused.value.errors["form"])
    second = declarations.declare(staff, net, hamlet, FIBRE)
    assert first.superseded_at is not None and second.superseded_at is None
    assert declarations.current_declaration(net.id, hamlet.id).id == second.id
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "operator_declaration.create")).all()
    assert len(entries) == 2 and entries[0].municipality_id == world["a"].id
    assert db.session.scalar(select(func.count(Event.id)).where(Event.kind == "operator_declaration.made")) == 2


def test_a_confirmation_stores_no_service(world, operators):
    declaration = declarations.declare(operators["staff"], operators["net"], world["hamlet"], DeclarationData(
        DeclarationKind.CONFIRM, FixedTechnology.FIBRE, 1000, explanation="Máme tu jen DSL."))
    assert declaration.technology is None and declaration.download is None
    assert declaration.explanation == "Máme tu jen DSL."


# ----- the status -----

def test_a_declared_service_counts_once_confirmed_and_stops_counting_while_disputed(
        world, operators, reported, residents):
    assert reported.status == ConnectionStatus.UNSERVED
    declaration = declarations.declare(operators["staff"], operators["net"], reported, FIBRE)
    assert reported.status == ConnectionStatus.UNSERVED  # a claim alone changes nothing
    declarations.respond(residents[0], declaration, True)
    assert declaration.confirmations == 1 and reported.status == ConnectionStatus.GIGABIT
    declarations.respond(residents[1], declaration, False, "Optika končí u silnice, k nám nevede.")
    assert declaration.state == DeclarationState.DISPUTED and declaration.disputed_at is not None
    assert reported.status == ConnectionStatus.UNSERVED
    assert db.session.scalar(select(Event.kind).where(Event.kind == "operator_declaration.disputed"))


def test_the_moderator_upholding_or_rejecting_decides_whether_it_counts(world, operators, reported, residents):
    declaration = declarations.declare(operators["staff"], operators["net"], reported, FIBRE)
    declarations.respond(residents[0], declaration, False, "Nemáme to.")
    declarations.decide(world["moderator"], declaration, True, "Operátor doložil předávací protokol přípojek.")
    assert declaration.state == DeclarationState.UPHELD and reported.status == ConnectionStatus.GIGABIT
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "operator_declaration.decide"))
    assert entry.actor_id == world["moderator"].id and entry.reason.startswith("Operátor doložil")
    assert entry.details["outcome"] == "upheld"
    event = db.session.scalar(select(Event).where(Event.kind == "operator_declaration.decided"))
    assert event.subject_id == reported.id and event.payload["outcome"] == "upheld"
    with pytest.raises(Invalid):  # decided: no more answers
        declarations.respond(residents[2], declaration, False, "Pořád nic.")


def test_a_rejected_declaration_does_not_count(world, operators, reported, residents):
    declaration = declarations.declare(operators["staff"], operators["net"], reported, FIBRE)
    declarations.respond(residents[0], declaration, True)
    declarations.respond(residents[1], declaration, False, "Nemáme to.")
    declarations.decide(world["moderator"], declaration, False, "Přípojky v osadě nejsou.")
    assert declaration.state == DeclarationState.REJECTED and reported.status == ConnectionStatus.UNSERVED


def test_a_decision_needs_a_reason_and_a_dispute(world, operators, reported, residents):
    declaration = declarations.declare(operators["staff"], operators["net"], reported, FIBRE)
    with pytest.raises(Invalid) as refused:
        declarations.decide(world["moderator"], declaration, True, "Důvod")
    assert "disputed" in str(refused.value.errors["form"])
    declarations.respond(residents[0], declaration, False, "Nemáme to.")
    with pytest.raises(Invalid) as refused:
        declarations.decide(world["moderator"], declaration, True, "   ")
    assert "reason" in str(refused.value.errors["reason"])
    assert declaration.state == DeclarationState.DISPUTED


def test_withdrawing_the_only_dispute_reopens_the_declaration(world, operators, reported, residents):
    declaration = declarations.declare(operators["staff"], operators["net"], reported, FIBRE)
    declarations.respond(residents[0], declaration, False, "Nemáme to.")
    declarations.respond(residents[0], declaration, True)
    assert declaration.state == DeclarationState.OPEN and (declaration.confirmations, declaration.disputes) == (1, 0)
    assert reported.status == ConnectionStatus.GIGABIT


def test_a_dispute_needs_an_explanation(world, operators, reported, residents):
    declaration = declarations.declare(operators["staff"], operators["net"], reported, FIBRE)
    with pytest.raises(Invalid) as refused:
        declarations.respond(residents[0], declaration, False, "  ")
    assert "explanation" in refused.value.errors and declaration.disputes == 0


def test_a_confirmed_declaration_gives_a_status_even_with_too_few_reports(world, operators, residents):
    village = world["village"]
    declaration = declarations.declare(operators["staff"], operators["net"], village, DeclarationData(
        DeclarationKind.CURRENT, FixedTechnology.FIXED_WIRELESS, 100, 20))
    assert village.status == ConnectionStatus.UNKNOWN
    declarations.respond(residents[0], declaration, True)
    assert village.status == ConnectionStatus.SERVED


def test_planned_coverage_never_counts_for_the_status_now(world, operators, reported, residents):
    plan = declarations.declare(operators["staff"], operators["net"], reported, DeclarationData(
        DeclarationKind.PLANNED, FixedTechnology.FIBRE, 1000, available_by=date.today() + timedelta(days=300)))
    declarations.respond(residents[0], plan, True)
    assert reported.status == ConnectionStatus.UNSERVED


def test_recount_gives_the_same_status_as_each_write(world, operators, reported, residents):
    declaration = declarations.declare(operators["staff"], operators["net"], reported, FIBRE)
    declarations.respond(residents[0], declaration, True)
    reported.status = ConnectionStatus.UNSERVED
    db.session.commit()
    assert reports.recount_all() == 1
    assert reported.status == ConnectionStatus.GIGABIT


def test_a_report_refresh_keeps_the_declaration_counting(world, operators, reported, residents):
    declaration = declarations.declare(operators["staff"], operators["net"], reported, FIBRE)
    declarations.respond(residents[0], declaration, True)
    reports.submit_report(residents[3], reported, report_data("none"))
    assert reported.status == ConnectionStatus.GIGABIT
