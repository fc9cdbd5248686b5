"""Permission rules for internet operators and their declarations: pure functions of (user, thing).

Administrators set operators up: the organisation, the municipalities where it
works and its staff (a role of kind "operator"). An operator's staff declare,
per locality of those municipalities, what the operator offers there now or
plans, or confirm the status residents reported; they see the anonymised
reports there and their own queue. Residents of the locality's municipality
confirm or dispute a declaration; the operator's staff confirm or dispute a single
anonymised report. The municipality's moderators (and the administrators covering
it) decide a disputed declaration or a disputed report.
"""

from participation.moderation.blocks import is_posting_blocked
from participation.operators.models import DeclarationKind, DeclarationState, ReportAnswerKind

from .items import authenticated
from .localities import can_edit_locality
from .scopes import scope_of

OPEN_STATES = (DeclarationState.OPEN, DeclarationState.DISPUTED)


def can_manage_operators(user) -> bool:
    """Administrators add operators, edit them, name their municipalities and staff."""
    return scope_of(user).administrator


def can_assign_municipality(user, municipality) -> bool:
    """An administrator of a region names only its municipalities; a global one any."""
    scope = scope_of(user)
    return (municipality is not None and scope.administrator
            and (scope.everywhere or municipality.region_id in scope.administered_region_ids))


def is_operator_staff(user, operator) -> bool:
    return authenticated(user) and operator is not None and operator.id in scope_of(user).operator_ids


def works_in(user, operator, municipality_id: int | None) -> bool:
    """The user is the operator's staff and the operator works in the municipality."""
    return is_operator_staff(user, operator) and (operator.id, municipality_id) in scope_of(user).operated


def can_declare(user, operator, locality) -> bool:
    """An operator's staff declare about localities of the municipalities where the operator works."""
    return locality is not None and works_in(user, operator, locality.municipality_id)


def can_read_reports(user, operator, locality) -> bool:
    """The anonymised reports of a locality: for the operators working there (and the locality's staff)."""
    return can_declare(user, operator, locality) or can_edit_locality(user, locality)


def can_view_queue(user, operator) -> bool:
    """An operator's queue: its staff and administrators."""
    return is_operator_staff(user, operator) or can_manage_operators(user)


def can_respond(user, declaration) -> bool:
    """A resident of the locality's municipality confirms or disputes a current, undecided service or plan.

    The operator's own staff do not answer their own declaration. A dispute sends the declaration to
    the moderator, so, as with reports, only confirmed accounts not blocked there may answer.
    """
    if not authenticated(user) or getattr(user, "is_deleted", False) or declaration is None:
        return False
    if not getattr(user, "is_confirmed", False):
        return False
    if declaration.kind == DeclarationKind.CONFIRM or declaration.superseded_at is not None:
        return False
    if declaration.state not in OPEN_STATES or declaration.operator_id in scope_of(user).operator_ids:
        return False
    municipality_id = declaration.locality.municipality_id
    return user.home_municipality_id == municipality_id and not is_posting_blocked(user, (municipality_id,))


def can_decide(user, declaration) -> bool:
    """The municipality's moderators and the administrators covering it decide a disputed declaration."""
    return (declaration is not None and declaration.state == DeclarationState.DISPUTED
            and declaration.superseded_at is None and can_edit_locality(user, declaration.locality))


def can_answer_report(user, operator, report) -> bool:
    """An operator's staff answer a current report of a locality in a municipality where the operator works."""
    return report is not None and report.superseded_at is None and can_declare(user, operator, report.locality)


def can_decide_report_answer(user, answer) -> bool:
    """The municipality's moderators and the administrators covering it decide an operator's undecided dispute."""
    return (answer is not None and answer.kind == ReportAnswerKind.DISPUTE and answer.decided_at is None
            and can_edit_locality(user, answer.report.locality))
