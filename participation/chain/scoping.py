"""Where an item stands: the municipalities (and groupings) it is scoped to.

One `Scoping` per item kind answers the same questions for every kind: which
items lie in a municipality or a grouping, which lie within a user's scope,
and whether an editor may give an item these municipalities and groupings.
"""

from dataclasses import dataclass

from sqlalchemy import Table, false, or_, select

from participation.extensions import db
from participation.permissions.scopes import scope_of
from participation.territory.models import Grouping, GroupingMembership, Municipality


@dataclass(frozen=True)
class ScopeMessages:
    """What an editor is told when the chosen municipalities or groupings do not suit them."""

    none_chosen: str
    # Formatted with %(names)s: the chosen ones the editor does not act for.
    all_outside: str
    # Formatted with %(names)s: ones outside the editor's scope they tried to remove.
    cannot_remove: str


@dataclass(frozen=True)
class Scoping:
    """An item kind's ties to municipalities, and to groupings where groupings can be parties.

    An item is tied to municipalities through an association table (`municipalities`), or
    belongs to exactly one through a column of its own (`municipality_column`, e.g. a locality).
    """

    model: type
    municipalities: Table | None = None
    groupings: Table | None = None
    municipality_column: str | None = None

    def _item_ids(self, table: Table, column: str, values):
        item_column = table.c[f"{self.model.__tablename__}_id"]
        return select(item_column).where(table.c[column].in_(values))

    def in_municipalities(self, municipality_ids):
        """Items tied to any of these municipalities (ids or a subquery of ids)."""
        if self.municipality_column is not None:
            return getattr(self.model, self.municipality_column).in_(municipality_ids)
        return self.model.id.in_(self._item_ids(self.municipalities, "municipality_id", municipality_ids))

    def in_municipality(self, municipality_id: int):
        return self.in_municipalities([municipality_id])

    def in_groupings(self, grouping_ids):
        """Items with any of these groupings as a party (never, for kinds without grouping parties)."""
        if self.groupings is None:
            return false()
        return self.model.id.in_(self._item_ids(self.groupings, "grouping_id", grouping_ids))

    def in_grouping(self, grouping_id: int, *, members: bool = True):
        """Items of a grouping: as a party, and (with `members`) of its current member municipalities."""
        conditions = [self.in_groupings([grouping_id])] if self.groupings is not None else []
        if members:
            conditions.append(self.in_municipalities(current_members(grouping_id)))
        return or_(*conditions)

    def within(self, scope):
        """Items with a municipality or grouping the scope covers (everything for everywhere)."""
        if scope.everywhere:
            return None
        conditions = []
        if scope.municipality_ids:
            conditions.append(self.in_municipalities(scope.municipality_ids))
        if scope.grouping_ids and self.groupings is not None:
            conditions.append(self.in_groupings(scope.grouping_ids))
        return or_(*conditions) if conditions else false()

    def section(self, public, order, *, municipality_id=None, grouping_id=None, limit: int = 20) -> list:
        """The items a municipality's or a grouping's page lists.

        A grouping's page shows the items it is a party to; for kinds whose only
        parties are municipalities, the items of its current members.
        """
        statement = select(self.model)
        if municipality_id is not None:
            statement = statement.where(self.in_municipality(municipality_id))
        if grouping_id is not None:
            statement = statement.where(self.in_grouping(grouping_id, members=self.groupings is None))
        if public is not None:
            statement = statement.where(public)
        return list(db.session.scalars(statement.order_by(*order).limit(limit)))


def current_members(grouping_id: int):
    """A subquery of the grouping's current member municipalities."""
    return select(GroupingMembership.municipality_id).where(
        GroupingMembership.grouping_id == grouping_id, GroupingMembership.left_on.is_(None))


def outside_scope(actor, municipalities, groupings=()) -> list:
    """The chosen municipalities and groupings the actor does not act for (none for administrators)."""
    scope = scope_of(actor)
    if scope.everywhere:
        return []
    return ([m for m in municipalities if m.id not in scope.municipality_ids]
            + [g for g in groupings if g.id not in scope.grouping_ids])


def check_scope(actor, messages: ScopeMessages, municipalities, groupings=(), item=None):
    """None when an editor may give an item these municipalities and groupings, else the message.

    At least one must be within the editor's scope (others outside it are allowed:
    a contract between two municipalities is recorded by either). Those outside
    the scope that the item already has cannot be removed by this editor.
    """
    municipalities, groupings = list(municipalities), list(groupings)
    if not municipalities and not groupings:
        return messages.none_chosen
    outside = outside_scope(actor, municipalities, groupings)
    if len(outside) == len(municipalities) + len(groupings):
        return messages.all_outside % {"names": ", ".join(p.name for p in outside)}
    if item is not None:
        chosen = {(type(p), p.id) for p in [*municipalities, *groupings]}
        previous = outside_scope(actor, item.municipalities, getattr(item, "groupings", ()))
        removed = [p for p in previous if (type(p), p.id) not in chosen]
        if removed:
            return messages.cannot_remove % {"names": ", ".join(p.name for p in removed)}
    return None


def municipality_choices(user, selected_ids=()) -> list[tuple[int, str]]:
    """Municipalities an editor can choose: those of the regions they work in, and any already chosen."""
    scope = scope_of(user)
    statement = select(Municipality.id, Municipality.name, Municipality.code)
    if not scope.everywhere:
        regions = select(Municipality.region_id).where(Municipality.id.in_(scope.municipality_ids))
        statement = statement.where(or_(Municipality.region_id.in_(regions), Municipality.id.in_(list(selected_ids))))
    rows = db.session.execute(statement.order_by(Municipality.search_name, Municipality.code))
    return [(row.id, f"{row.name} ({row.code})") for row in rows]


def grouping_choices() -> list[tuple[int, str]]:
    """Every grouping, alphabetical."""
    rows = db.session.execute(select(Grouping.id, Grouping.name).order_by(Grouping.search_name))
    return [(row.id, row.name) for row in rows]
