"""Rules every item kind shares (agreements, projects, good practice and those to come).

An item is scoped to municipalities and, for some kinds, to groupings as
parties; whoever's scope covers one of them acts for the item. A proposal is
acted on by whoever's scope covers one of its municipalities or its grouping.
"""

from .scopes import covers_any_municipality, covers_grouping, scope_of


def authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def covers_item(user, item) -> bool:
    """The user's scope covers at least one of the item's municipalities or groupings."""
    if not authenticated(user) or item is None:
        return False
    scope = scope_of(user)
    if scope.everywhere:
        return True
    return (not scope.municipality_ids.isdisjoint(m.id for m in item.municipalities)
            or not scope.grouping_ids.isdisjoint(g.id for g in getattr(item, "groupings", ())))


def covers_proposal(user, proposal) -> bool:
    """The user's scope covers one of the proposal's municipalities or its grouping."""
    if not authenticated(user) or proposal is None:
        return False
    return (covers_any_municipality(user, [m.id for m in proposal.municipalities])
            or (proposal.grouping_id is not None and covers_grouping(user, proposal.grouping_id)))
