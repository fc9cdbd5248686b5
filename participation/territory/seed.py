"""Demo territory: the 14 regions, the Orlicko municipalities and three overlapping groupings."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from participation.common.text import fold
from participation.extensions import db
from participation.territory import demo_data
from participation.territory.models import Grouping, GroupingKind, GroupingMembership, Municipality
from participation.territory.services import ensure_region


def seed(context: dict) -> None:
    """Create what is missing; running it again adds nothing twice."""
    regions = {code: ensure_region(code, name) for code, name in demo_data.REGIONS}
    region = regions[demo_data.DEMO_REGION_CODE]
    existing = {m.code: m for m in db.session.scalars(select(Municipality))}
    for code, name, population in demo_data.MUNICIPALITIES:
        if code not in existing:
            municipality = Municipality(
                code=code, name=name, search_name=fold(name), population=population, region=region
            )
            db.session.add(municipality)
            existing[code] = municipality
    db.session.flush()
    by_name = {m.name: m for m in existing.values()}
    for data in demo_data.GROUPINGS:
        grouping = db.session.scalar(select(Grouping).where(Grouping.name == data["name"]))
        if grouping is None:
            grouping = Grouping(
                name=data["name"], search_name=fold(data["name"]), kind=GroupingKind(data["kind"]),
                description=data["description"], region=region,
                threshold_municipalities=data["threshold_municipalities"],
                threshold_min_supporters=data["threshold_min_supporters"],
                threshold_population_percent=Decimal(str(data["threshold_population_percent"])),
            )
            db.session.add(grouping)
            db.session.flush()
        members = set(
            db.session.scalars(
                select(GroupingMembership.municipality_id).where(
                    GroupingMembership.grouping_id == grouping.id
                )
            )
        )
        for name in data["members"]:
            municipality = by_name[name]
            if municipality.id not in members:
                db.session.add(GroupingMembership(
                    grouping=grouping, municipality=municipality, joined_on=date(2020, 1, 1)
                ))
        context.setdefault("groupings", {})[data["kind"]] = grouping.id
    db.session.commit()
