"""What a municipality's or a grouping's page shows of the place itself, kept between requests.

Every request of /obce/<code> loaded the municipality, its region and its
groupings (four queries), and /seskupeni/<id> the grouping and its region;
they change seldom. The pages keep them as plain values
(`page_cache.remember`) until a write to one of the tables they were read
from. The values stand in for the models in the pages' templates, in the
permission checks (which read ids) and in the follow button (which reads
the table's name), so they carry only what those read.
A new release (any changed template, catalogue or module) keeps its values
under new keys, so no value is read in an old shape.
"""

from dataclasses import dataclass
from decimal import Decimal

from participation.common import page_cache
from participation.territory import services
from participation.territory.models import Grouping, GroupingKind, Municipality


@dataclass(frozen=True)
class RegionFacts:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class GroupingLink:
    """A grouping in the municipality page's list."""

    id: int
    name: str
    kind: GroupingKind


@dataclass(frozen=True)
class GroupingFacts:
    """A grouping as its page shows it."""

    __tablename__ = Grouping.__tablename__  # followable as a grouping (follows.targets reads the name)

    id: int
    name: str
    kind: GroupingKind
    description: str
    region_id: int | None
    region: RegionFacts | None
    threshold_municipalities: int
    threshold_min_supporters: int
    threshold_population_percent: Decimal


@dataclass(frozen=True)
class MunicipalityFacts:
    __tablename__ = Municipality.__tablename__  # followable as a municipality

    id: int
    code: str
    name: str
    population: int
    region_id: int
    region: RegionFacts
    groupings: tuple[GroupingLink, ...]  # its current groupings, by name


def _region(region) -> RegionFacts | None:
    return None if region is None else RegionFacts(region.id, region.code, region.name)


def _grouping(grouping: Grouping) -> GroupingFacts:
    return GroupingFacts(
        grouping.id, grouping.name, grouping.kind, grouping.description, grouping.region_id, _region(grouping.region),
        grouping.threshold_municipalities, grouping.threshold_min_supporters, grouping.threshold_population_percent)


def _municipality(code: str) -> MunicipalityFacts | None:
    found = services.municipality_by_code(code)
    if found is None:
        return None
    groupings = tuple(GroupingLink(g.id, g.name, g.kind) for g in services.current_groupings_of(found))
    return MunicipalityFacts(found.id, found.code, found.name, found.population, found.region_id,
                             _region(found.region), groupings)


def municipality(code: str) -> MunicipalityFacts | None:
    """The municipality with that official code, its region and groupings; None for an unknown or malformed one."""
    if not services.CODE_PATTERN.match(code or ""):
        return None
    return page_cache.remember("municipality-page", code, lambda: _municipality(code))


def _grouping_with_region(grouping_id: int) -> GroupingFacts | None:
    found = services.grouping_with_region(grouping_id)
    return None if found is None else _grouping(found)


def grouping(grouping_id: int) -> GroupingFacts | None:
    """The grouping with its region, or None."""
    return page_cache.remember("grouping-page", grouping_id, lambda: _grouping_with_region(grouping_id))
