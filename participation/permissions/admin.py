"""Permission rules for admin: pure functions of (user, thing).

Any administrator may look people up. A global administrator grants and
revokes every role; an administrator of a region only moderator and
representative roles within that region. Only a global administrator makes
administrators.
"""

from .scopes import scope_of


def can_manage_users(user) -> bool:
    return scope_of(user).administrator


def _in_administered_region(user, region_id) -> bool:
    scope = scope_of(user)
    return scope.everywhere or (region_id is not None and region_id in scope.administered_region_ids)


def can_grant_moderator(user, municipality) -> bool:
    return can_manage_users(user) and municipality is not None and _in_administered_region(user, municipality.region_id)


def can_grant_representative(user, grouping) -> bool:
    return can_manage_users(user) and grouping is not None and _in_administered_region(user, grouping.region_id)


def can_grant_administrator(user) -> bool:
    return scope_of(user).everywhere


def can_revoke_role(user, role) -> bool:
    """The same rule as granting that role."""
    from participation.accounts.models import RoleKind

    if role.kind == RoleKind.MODERATOR:
        return can_grant_moderator(user, role.municipality)
    if role.kind == RoleKind.REPRESENTATIVE:
        return can_grant_representative(user, role.grouping)
    if role.kind == RoleKind.OPERATOR:
        return can_manage_users(user)
    return can_grant_administrator(user)
