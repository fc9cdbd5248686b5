"""Looking people up and granting or revoking their roles; every grant and revoke is audited."""

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from participation.accounts.models import Role, RoleKind, User
from participation.audit import services as audit
from participation.extensions import db
from participation.permissions.scopes import forget_scope
from participation.territory.models import Grouping, Municipality, Region


class RoleError(ValueError):
    """A grant or revoke that breaks a rule; `code` says which."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


ROLE_FILTERS = {kind.value: kind for kind in RoleKind}


def search_users(query: str | None = None, role: str | None = None) -> Select:
    """People whose name or e-mail contains the text, optionally only holders of a role."""
    statement = select(User).options(
        selectinload(User.home_municipality),
        selectinload(User.roles).selectinload(Role.municipality),
        selectinload(User.roles).selectinload(Role.grouping),
        selectinload(User.roles).selectinload(Role.region),
        selectinload(User.roles).selectinload(Role.operator),
    )
    text = (query or "").strip()[:254]
    if text:
        lowered = text.lower()
        statement = statement.where(or_(
            func.lower(User.display_name).contains(lowered, autoescape=True),
            User.display_name.contains(text, autoescape=True),
            func.lower(User.email).contains(lowered, autoescape=True),
        ))
    if role in ROLE_FILTERS:
        statement = statement.where(User.roles.any(Role.kind == ROLE_FILTERS[role]))
    return statement.order_by(func.lower(User.display_name), User.id)


def user_with_roles(user_id: int) -> User | None:
    return db.session.scalar(
        select(User).where(User.id == user_id).options(
            selectinload(User.home_municipality),
            selectinload(User.roles).selectinload(Role.municipality).selectinload(Municipality.region),
            selectinload(User.roles).selectinload(Role.grouping),
            selectinload(User.roles).selectinload(Role.region),
            selectinload(User.roles).selectinload(Role.operator),
            selectinload(User.roles).selectinload(Role.granted_by),
        )
    )


def describe_scope(role: Role) -> dict:
    """The role's scope as plain data for the audit log."""
    if role.municipality is not None:
        return {"municipality": role.municipality.code, "name": role.municipality.name}
    if role.grouping is not None:
        return {"grouping": role.grouping.id, "name": role.grouping.name}
    if role.region is not None:
        return {"region": role.region.code, "name": role.region.name}
    if role.operator is not None:
        return {"operator": role.operator.id, "name": role.operator.name}
    return {"everywhere": True}


def grant_role(
    actor, user: User, kind: RoleKind, *, municipality: Municipality | None = None,
    grouping: Grouping | None = None, region: Region | None = None,
) -> Role:
    """Give the user a role in a scope; refuses deleted accounts and roles already held."""
    if user.is_deleted:
        raise RoleError("deleted")
    scope = {
        "municipality_id": municipality.id if municipality else None,
        "grouping_id": grouping.id if grouping else None,
        "region_id": region.id if region else None,
    }
    if db.session.scalar(select(Role.id).filter_by(user_id=user.id, kind=kind, **scope)) is not None:
        raise RoleError("duplicate")
    role = Role(user=user, kind=kind, municipality=municipality, grouping=grouping, region=region,
                granted_by_id=getattr(actor, "id", None))
    db.session.add(role)
    db.session.flush()
    audit.record(
        actor, "role.grant", "role", role.id, target_user=user,
        municipality_id=municipality.id if municipality else None,
        details={"kind": kind.value, **describe_scope(role)},
    )
    db.session.commit()
    forget_scope(user)
    return role


def revoke_role(actor, role: Role, reason: str = "") -> None:
    """Take a role away; an administrator cannot remove their own administrator role."""
    if role.kind == RoleKind.ADMINISTRATOR and role.user_id == getattr(actor, "id", None):
        raise RoleError("own_administrator")
    user = role.user
    audit.record(
        actor, "role.revoke", "role", role.id, target_user=user, reason=reason,
        municipality_id=role.municipality_id,
        details={"kind": role.kind.value, **describe_scope(role)},
    )
    db.session.delete(role)
    db.session.commit()
    forget_scope(user)
