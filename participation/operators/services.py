"""Setting operators up: the organisation, the municipalities where it works, its staff. Audited, one
transaction each.

Declarations and residents' answers to them live in `declarations`.
"""

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participation.accounts.models import Role, RoleKind, User
from participation.audit import services as audit
from participation.chain import changes
from participation.common.text import fold
from participation.extensions import db
from participation.localities.services import Invalid
from participation.operators.models import Operator
from participation.permissions.scopes import forget_scope
from participation.territory.models import Municipality

TRACKED_FIELDS = ("name", "company_number", "contact_email", "contact_phone", "website")
COMPANY_NUMBER = re.compile(r"^\d{8}$")
INVALID_COMPANY_NUMBER = _l("This is not a valid company number: eight digits with a correct check digit, "
                            "e.g. 00064581.")


def valid_company_number(number: str) -> bool:
    """An IČO: eight digits, the last a check digit of the first seven (weights 8 to 2, modulo 11)."""
    if not COMPANY_NUMBER.match(number or ""):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:7], range(8, 1, -1), strict=True))
    return (11 - total % 11) % 10 == int(number[7])


def clean_company_number(raw: str) -> str:
    """What was typed, without spaces; a seven-digit or shorter number gets its leading zeros."""
    number = (raw or "").replace(" ", "").replace("\xa0", "")
    return number.zfill(8) if number.isdigit() and len(number) < 8 else number


@dataclass
class OperatorData:
    name: str
    company_number: str
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""
    municipalities: list[Municipality] = field(default_factory=list)


def _check(data: OperatorData, operator: Operator | None) -> None:
    errors = {}
    if not valid_company_number(data.company_number):
        errors["company_number"] = INVALID_COMPANY_NUMBER
    elif db.session.scalar(select(Operator.id).where(
            Operator.company_number == data.company_number,
            Operator.id != (operator.id if operator else -1))) is not None:
        errors["company_number"] = _l("Another operator already has this company number.")
    if errors:
        raise Invalid(errors)


def _apply(operator: Operator, data: OperatorData) -> None:
    operator.name = data.name.strip()
    operator.search_name = fold(data.name)
    operator.company_number = data.company_number
    operator.contact_email = (data.contact_email or "").strip()
    operator.contact_phone = (data.contact_phone or "").strip()
    operator.website = (data.website or "").strip()
    operator.municipalities = list(data.municipalities)


def _details(operator: Operator) -> dict:
    return {**{name: changes.plain(getattr(operator, name)) for name in TRACKED_FIELDS},
            "municipalities": sorted(m.code for m in operator.municipalities)}


def create_operator(actor, data: OperatorData) -> Operator:
    """Add an operator with the municipalities where it works."""
    _check(data, None)
    operator = Operator()
    _apply(operator, data)
    db.session.add(operator)
    db.session.flush()
    audit.record(actor, "operator.create", "operator", operator.id, details=_details(operator))
    db.session.commit()
    return operator


def update_operator(actor, operator: Operator, data: OperatorData) -> dict:
    """Change an operator; the audit entry lists what changed (the municipalities as codes)."""
    _check(data, operator)
    before = _details(operator)
    _apply(operator, data)
    after = _details(operator)
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changed:
        audit.record(actor, "operator.update", "operator", operator.id, details={"changes": changed})
    db.session.commit()
    return changed


def staff_of(operator: Operator) -> list[Role]:
    """The operator's staff roles with their people, by name."""
    return list(db.session.scalars(select(Role).join(Role.user).where(
        Role.kind == RoleKind.OPERATOR, Role.operator_id == operator.id).order_by(User.display_name, Role.id)))


def add_staff(actor, operator: Operator, email: str) -> Role:
    """Give the person with this e-mail an operator role (a role like any other: revoked on their admin page)."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))
    if user is None or user.is_deleted:
        raise Invalid({"email": _l("Nobody has an account with this e-mail address.")})
    if db.session.scalar(select(Role.id).where(Role.user_id == user.id, Role.kind == RoleKind.OPERATOR,
                                               Role.operator_id == operator.id)) is not None:
        raise Invalid({"email": _l("This person is already on the operator's staff.")})
    role = Role(user=user, kind=RoleKind.OPERATOR, operator_id=operator.id, granted_by_id=getattr(actor, "id", None))
    db.session.add(role)
    db.session.flush()
    audit.record(actor, "role.grant", "role", role.id, target_user=user,
                 details={"kind": RoleKind.OPERATOR.value, "operator": operator.id, "name": operator.name})
    db.session.commit()
    forget_scope(user)
    return role
