"""Permission rules for territory: pure functions of (user, thing).

Administrators set up regions, municipalities and groupings. A global
administrator may change anything; an administrator of a region only the
municipalities and groupings of that region.
"""

from .scopes import scope_of


def can_administer_territory(user) -> bool:
    """May open the territory administration at all."""
    return scope_of(user).administrator


def administered_region_ids(user) -> frozenset[int] | None:
    """The regions the user administers: None means every region."""
    scope = scope_of(user)
    if scope.everywhere:
        return None
    return scope.administered_region_ids if scope.administrator else frozenset()


def can_administer_region(user, region_id: int | None) -> bool:
    """May create or change territory in this region (None: outside any region)."""
    scope = scope_of(user)
    if not scope.administrator:
        return False
    return scope.everywhere or (region_id is not None and region_id in scope.administered_region_ids)


def can_edit_municipality(user, municipality) -> bool:
    return municipality is not None and can_administer_region(user, municipality.region_id)


def can_edit_grouping(user, grouping) -> bool:
    """A grouping without a region spans regions: only a global administrator changes it."""
    return grouping is not None and can_administer_region(user, grouping.region_id)
