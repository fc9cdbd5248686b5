"""Every change to regions, municipalities and groupings goes through here.

Administrators' changes are written to the audit log in the same transaction.
"""

import re
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from participation.audit import services as audit
from participation.common.text import fold
from participation.extensions import db
from participation.territory.models import (
    Grouping,
    GroupingKind,
    GroupingMembership,
    Municipality,
    Region,
)

CODE_PATTERN = re.compile(r"^\d{6}$")


class TerritoryError(ValueError):
    """A change that breaks a rule (a taken code or name); the message is for the user."""


# --- Reading -------------------------------------------------------------------------


def regions() -> list[Region]:
    """Every region, by code."""
    return list(db.session.scalars(select(Region).order_by(Region.code)))


def find_region(value: str) -> Region | None:
    """A region by its ISO code (CZ-53) or its name, case and diacritics ignored."""
    value = (value or "").strip()
    if not value:
        return None
    for region in regions():
        if region.code.casefold() == value.casefold() or fold(region.name) == fold(value):
            return region
    return None


def _contains(column, text: str):
    return column.contains(text, autoescape=True)


def search_municipalities(
    query: str | None = None, region_ids: frozenset[int] | None = None
) -> Select:
    """Municipalities matching a name fragment (any case, any diacritics) or a code prefix."""
    statement = select(Municipality).options(selectinload(Municipality.region))
    text = (query or "").strip()[:120]
    if text.isdigit():
        statement = statement.where(Municipality.code.startswith(text, autoescape=True))
    elif text:
        statement = statement.where(_contains(Municipality.search_name, fold(text)))
    if region_ids is not None:
        statement = statement.where(Municipality.region_id.in_(region_ids))
    return statement.order_by(Municipality.search_name, Municipality.code)


def filter_choices() -> tuple[list, list]:
    """(id, name) rows of every municipality and grouping, alphabetical, for list filters."""
    municipalities = db.session.execute(
        select(Municipality.id, Municipality.name).order_by(Municipality.search_name, Municipality.code)).all()
    groupings = db.session.execute(
        select(Grouping.id, Grouping.name).order_by(Grouping.search_name, Grouping.id)).all()
    return municipalities, groupings


def municipality_by_code(code: str) -> Municipality | None:
    """A municipality with its region and groupings, or None for an unknown or malformed code."""
    if not CODE_PATTERN.match(code or ""):
        return None
    return db.session.scalar(
        select(Municipality)
        .where(Municipality.code == code)
        .options(
            selectinload(Municipality.region),
            selectinload(Municipality.memberships).selectinload(GroupingMembership.grouping),
        )
    )


def current_groupings_of(municipality: Municipality) -> list[Grouping]:
    """The groupings the municipality belongs to now, by name."""
    groupings = [m.grouping for m in municipality.memberships if m.left_on is None]
    return sorted(groupings, key=lambda g: g.search_name or fold(g.name))


def search_groupings(query: str | None = None, region_ids: frozenset[int] | None = None) -> Select:
    """Groupings whose name contains the text, with a count of current members."""
    members = (
        select(func.count(GroupingMembership.id))
        .where(GroupingMembership.grouping_id == Grouping.id, GroupingMembership.left_on.is_(None))
        .correlate(Grouping)
        .scalar_subquery()
        .label("member_count")
    )
    statement = select(Grouping, members).options(selectinload(Grouping.region))
    text = (query or "").strip()[:200]
    if text:
        statement = statement.where(_contains(Grouping.search_name, fold(text)))
    if region_ids is not None:
        statement = statement.where(Grouping.region_id.in_(region_ids))
    return statement.order_by(Grouping.search_name)


def grouping_with_region(grouping_id: int) -> Grouping | None:
    return db.session.scalar(
        select(Grouping).where(Grouping.id == grouping_id).options(selectinload(Grouping.region))
    )


def current_members(grouping: Grouping) -> list[Municipality]:
    """The grouping's current member municipalities with their regions, by name."""
    return list(
        db.session.scalars(
            select(Municipality)
            .join(GroupingMembership, GroupingMembership.municipality_id == Municipality.id)
            .where(GroupingMembership.grouping_id == grouping.id, GroupingMembership.left_on.is_(None))
            .options(selectinload(Municipality.region))
            .order_by(Municipality.search_name, Municipality.code)
        )
    )


def code_taken(code: str, exclude_id: int | None = None) -> bool:
    statement = select(Municipality.id).where(Municipality.code == code)
    if exclude_id is not None:
        statement = statement.where(Municipality.id != exclude_id)
    return db.session.scalar(statement) is not None


def grouping_name_taken(name: str, exclude_id: int | None = None) -> bool:
    statement = select(Grouping.id).where(func.lower(Grouping.name) == name.strip().lower())
    if exclude_id is not None:
        statement = statement.where(Grouping.id != exclude_id)
    return db.session.scalar(statement) is not None


# --- Municipalities ------------------------------------------------------------------


def _changes(obj, values: dict) -> dict:
    """Apply values to obj; return {field: [old, new]} for what really changed."""
    changed = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            changed[name] = [_plain(old), _plain(new)]
            setattr(obj, name, new)
    return changed


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, GroupingKind):
        return value.value
    return value


def create_municipality(actor, *, code: str, name: str, population: int, region: Region) -> Municipality:
    """Add a municipality; its code must be six digits and not taken."""
    code = code.strip()
    if not CODE_PATTERN.match(code) or code_taken(code):
        raise TerritoryError("code")
    municipality = Municipality(
        code=code, name=name.strip(), search_name=fold(name), population=population, region=region
    )
    db.session.add(municipality)
    db.session.flush()
    audit.record(
        actor, "municipality.create", "municipality", municipality.id,
        municipality_id=municipality.id,
        details={"code": code, "name": municipality.name, "population": population,
                 "region": region.code},
    )
    db.session.commit()
    return municipality


def update_municipality(
    actor, municipality: Municipality, *, code: str, name: str, population: int, region: Region
) -> dict:
    """Change a municipality; returns what changed (nothing is written if nothing did)."""
    code = code.strip()
    if not CODE_PATTERN.match(code) or code_taken(code, exclude_id=municipality.id):
        raise TerritoryError("code")
    changed = _changes(
        municipality,
        {"code": code, "name": name.strip(), "search_name": fold(name),
         "population": population, "region_id": region.id},
    )
    changed.pop("search_name", None)
    if changed:
        audit.record(
            actor, "municipality.update", "municipality", municipality.id,
            municipality_id=municipality.id, details=changed,
        )
        db.session.commit()
    return changed


# --- Groupings -----------------------------------------------------------------------


def _grouping_values(name, kind, description, region, threshold_municipalities,
                     threshold_min_supporters, threshold_population_percent) -> dict:
    return {
        "name": name.strip(),
        "search_name": fold(name),
        "kind": GroupingKind(kind),
        "description": (description or "").strip(),
        "region_id": region.id if region else None,
        "threshold_municipalities": threshold_municipalities,
        "threshold_min_supporters": threshold_min_supporters,
        "threshold_population_percent": Decimal(str(threshold_population_percent)),
    }


def create_grouping(actor, **fields) -> Grouping:
    """Add a grouping (its members are set separately)."""
    values = _grouping_values(**fields)
    if grouping_name_taken(values["name"]):
        raise TerritoryError("name")
    grouping = Grouping(**values)
    db.session.add(grouping)
    db.session.flush()
    details = {k: _plain(v) for k, v in values.items() if k != "search_name"}
    audit.record(actor, "grouping.create", "grouping", grouping.id, details=details)
    db.session.commit()
    return grouping


def update_grouping(actor, grouping: Grouping, **fields) -> dict:
    """Change a grouping's name, kind, description, region or threshold."""
    values = _grouping_values(**fields)
    if grouping_name_taken(values["name"], exclude_id=grouping.id):
        raise TerritoryError("name")
    # Compare the percentage as a number: 1 and 1.00 are the same threshold.
    if Decimal(str(grouping.threshold_population_percent)) == values["threshold_population_percent"]:
        values.pop("threshold_population_percent")
    changed = _changes(grouping, values)
    changed.pop("search_name", None)
    if changed:
        audit.record(actor, "grouping.update", "grouping", grouping.id, details=changed)
        db.session.commit()
    return changed


def set_members(
    actor, grouping: Grouping, shown_ids: set[int], checked_ids: set[int],
    allowed_region_ids: frozenset[int] | None = None, today: date | None = None,
) -> tuple[list[str], list[str]]:
    """Among the municipalities shown in the form, make the checked ones members, the rest not.

    A municipality that leaves keeps its membership row with `left_on` set, so
    the history stays; joining again reopens it. Returns (added, removed) names.
    """
    today = today or date.today()
    checked_ids = checked_ids & shown_ids
    statement = select(Municipality).where(Municipality.id.in_(shown_ids))
    if allowed_region_ids is not None:
        statement = statement.where(Municipality.region_id.in_(allowed_region_ids))
    shown = {m.id: m for m in db.session.scalars(statement)}
    memberships = {
        m.municipality_id: m
        for m in db.session.scalars(
            select(GroupingMembership).where(
                GroupingMembership.grouping_id == grouping.id,
                GroupingMembership.municipality_id.in_(shown),
            )
        )
    }
    added, removed = [], []
    for municipality_id, municipality in shown.items():
        membership = memberships.get(municipality_id)
        is_member = membership is not None and membership.left_on is None
        if municipality_id in checked_ids and not is_member:
            if membership is None:
                db.session.add(GroupingMembership(
                    grouping_id=grouping.id, municipality_id=municipality_id, joined_on=today
                ))
            else:
                membership.left_on = None
                membership.joined_on = today
            added.append(municipality)
        elif municipality_id not in checked_ids and is_member:
            membership.left_on = today
            removed.append(municipality)
    if added or removed:
        audit.record(
            actor, "grouping.members", "grouping", grouping.id,
            details={"added": [m.code for m in added], "removed": [m.code for m in removed]},
        )
        db.session.commit()
    return [m.name for m in added], [m.name for m in removed]


# --- Seeding -------------------------------------------------------------------------


def ensure_region(code: str, name: str) -> Region:
    """The region with this code, created if missing (no commit)."""
    region = db.session.scalar(select(Region).where(Region.code == code))
    if region is None:
        region = Region(code=code, name=name)
        db.session.add(region)
        db.session.flush()
    return region


def find_municipalities(names_or_codes) -> list[Municipality]:
    wanted = list(names_or_codes)
    return list(db.session.scalars(
        select(Municipality).where(or_(Municipality.name.in_(wanted), Municipality.code.in_(wanted)))
    ))
