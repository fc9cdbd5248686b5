"""Who acts where: the municipalities and groupings a user's roles cover.

A moderator of a municipality covers that municipality. A representative of a
grouping covers the grouping and every current member municipality. An
administrator covers everything (or, when scoped to a region, its
municipalities and groupings).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import g, has_request_context
from sqlalchemy import select

from participation.common import page_cache
from participation.extensions import db


@dataclass(frozen=True)
class Scope:
    everywhere: bool = False
    municipality_ids: frozenset[int] = field(default_factory=frozenset)
    grouping_ids: frozenset[int] = field(default_factory=frozenset)
    # Municipalities held directly as moderator (not through a grouping).
    moderated_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    represented_grouping_ids: frozenset[int] = field(default_factory=frozenset)
    administrator: bool = False
    # Regions held as administrator of a region (empty for a global administrator).
    administered_region_ids: frozenset[int] = field(default_factory=frozenset)
    # Operators whose staff the user is, and (operator, municipality) pairs where those operators work.
    # Not counted in `is_empty`: an operator's staff are not the municipalities' staff.
    operator_ids: frozenset[int] = field(default_factory=frozenset)
    operated: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.everywhere or self.municipality_ids or self.grouping_ids)


EMPTY_SCOPE = Scope()


def _compute_scope(user) -> Scope:
    from participation.accounts.models import Role, RoleKind
    from participation.territory.models import Grouping, GroupingMembership, Municipality

    roles = db.session.scalars(select(Role).where(Role.user_id == user.id)).all()
    if not roles:
        return EMPTY_SCOPE
    municipalities: set[int] = set()
    groupings: set[int] = set()
    moderated: set[int] = set()
    represented: set[int] = set()
    region_ids: set[int] = set()
    operators: set[int] = set()
    administrator = False
    for role in roles:
        if role.kind == RoleKind.ADMINISTRATOR:
            administrator = True
            if role.region_id is None:
                return Scope(everywhere=True, administrator=True)
            region_ids.add(role.region_id)
        elif role.kind == RoleKind.MODERATOR and role.municipality_id:
            municipalities.add(role.municipality_id)
            moderated.add(role.municipality_id)
        elif role.kind == RoleKind.REPRESENTATIVE and role.grouping_id:
            groupings.add(role.grouping_id)
            represented.add(role.grouping_id)
        elif role.kind == RoleKind.OPERATOR and role.operator_id:
            operators.add(role.operator_id)
    if represented:
        members = db.session.scalars(
            select(GroupingMembership.municipality_id).where(
                GroupingMembership.grouping_id.in_(represented),
                GroupingMembership.left_on.is_(None),
            )
        )
        municipalities.update(members)
    if region_ids:
        municipalities.update(
            db.session.scalars(select(Municipality.id).where(Municipality.region_id.in_(region_ids)))
        )
        groupings.update(
            db.session.scalars(select(Grouping.id).where(Grouping.region_id.in_(region_ids)))
        )
    operated = _operated(operators)
    return Scope(
        everywhere=False,
        municipality_ids=frozenset(municipalities),
        grouping_ids=frozenset(groupings),
        moderated_municipality_ids=frozenset(moderated),
        represented_grouping_ids=frozenset(represented),
        administrator=administrator,
        administered_region_ids=frozenset(region_ids),
        operator_ids=frozenset(operators),
        operated=operated,
    )


def _operated(operator_ids: set[int]) -> frozenset[tuple[int, int]]:
    """(operator, municipality) pairs where the given operators work."""
    if not operator_ids:
        return frozenset()
    from participation.operators.models import operator_municipality as table

    return frozenset(tuple(row) for row in db.session.execute(
        select(table.c.operator_id, table.c.municipality_id).where(table.c.operator_id.in_(operator_ids))))


def scope_of(user) -> Scope:
    """The user's scope, computed once per request."""
    if user is None or not getattr(user, "is_authenticated", False) or user.is_deleted:
        return EMPTY_SCOPE
    if not has_request_context():
        return _compute_scope(user)
    cache = g.setdefault("_spolu_scopes", {})
    if user.id not in cache:
        # Kept across requests until the roles (or what they cover) change: the page shell asks on every page.
        cache[user.id] = page_cache.remember("scope", user.id, lambda: _compute_scope(user))
    return cache[user.id]


def forget_scope(user) -> None:
    """Drop the cached scope after roles change within a request."""
    if has_request_context():
        g.setdefault("_spolu_scopes", {}).pop(user.id, None)


def is_administrator(user) -> bool:
    return scope_of(user).administrator


def is_moderator_anywhere(user) -> bool:
    return bool(scope_of(user).moderated_municipality_ids) or scope_of(user).everywhere


def is_staff(user) -> bool:
    """Holds any role at all (moderator, representative or administrator)."""
    return not scope_of(user).is_empty


def is_office_of(user, municipality_id: int | None) -> bool:
    """Works for this municipality's office: its moderator, or an administrator covering it (not a representative)."""
    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "is_deleted", False) \
            or municipality_id is None:
        return False
    scope = scope_of(user)
    if scope.everywhere or (scope.administrator and municipality_id in scope.municipality_ids):
        return True
    return municipality_id in scope.moderated_municipality_ids


def covers_municipality(user, municipality_id: int | None) -> bool:
    scope = scope_of(user)
    return scope.everywhere or (municipality_id is not None and municipality_id in scope.municipality_ids)


def covers_any_municipality(user, municipality_ids: Iterable[int]) -> bool:
    scope = scope_of(user)
    return scope.everywhere or not scope.municipality_ids.isdisjoint(municipality_ids)


def covers_grouping(user, grouping_id: int | None) -> bool:
    scope = scope_of(user)
    return scope.everywhere or (grouping_id is not None and grouping_id in scope.grouping_ids)
