"""The region, its municipalities (Zipf-like populations) and overlapping groupings of them."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from random import Random

from bench.generate.context import Context
from bench.generate.texts import NAME_FIRST, NAME_ROOT
from participation.common.text import fold

MUNICIPALITY_COLUMNS = ("id", "code", "name", "search_name", "population", "region_id", "created_at", "updated_at")
GROUPING_COLUMNS = ("id", "name", "search_name", "kind", "description", "region_id", "threshold_municipalities",
                    "threshold_min_supporters", "threshold_population_percent", "created_at", "updated_at")
GROUPING_KINDS = ("dso", "mas", "microregion", "dso", "iti")


@dataclass
class Territory:
    """What later steps place their rows in."""

    populations: list[int]  # populations[i] belongs to municipality i + 1
    municipality_names: dict[int, str]
    grouping_members: dict[int, list[int]]  # grouping id -> its municipality ids, sorted
    groupings_of: dict[int, list[int]]  # municipality id -> the groupings it belongs to


def fill_territory(context: Context) -> Territory:
    """One region, `scale.municipalities` municipalities and `scale.groupings` groupings with members."""
    now = context.now
    context.writer.write("region", ("id", "code", "name", "created_at", "updated_at"),
                         [(1, "CZ-63", "Kraj Vysočina", now, now)])
    populations = _populations(context)
    names = _write_municipalities(context, populations)
    grouping_members = _write_groupings(context)
    return Territory(populations, names, grouping_members, _groupings_of(grouping_members))


def _populations(context: Context) -> list[int]:
    """Zipf-like: one town of ~35,000, most villages under 1,000."""
    return [max(60, int(35_000 / (rank ** 1.1)) + context.rng.randint(0, 150))
            for rank in range(1, context.scale.municipalities + 1)]


def _municipality_name(index: int) -> str:
    """Every first word with every root, then numbered once the combinations run out."""
    name = f"{NAME_FIRST[index % len(NAME_FIRST)]} {NAME_ROOT[(index // len(NAME_FIRST)) % len(NAME_ROOT)]}"
    combinations = len(NAME_FIRST) * len(NAME_ROOT)
    if index >= combinations:
        name += f" {index // combinations + 1}"
    return name


def _write_municipalities(context: Context, populations: list[int]) -> dict[int, str]:
    now = context.now
    rows = []
    for i in range(context.scale.municipalities):
        name = _municipality_name(i)
        rows.append((i + 1, f"{500_001 + i:06d}", name, fold(name), populations[i], 1, now, now))
    context.writer.write("municipality", MUNICIPALITY_COLUMNS, rows)
    return {row[0]: row[2] for row in rows}


def _write_groupings(context: Context) -> dict[int, list[int]]:
    now = context.now
    municipality_ids = list(range(1, context.scale.municipalities + 1))
    groupings, members_of = [], {}
    for g in range(1, context.scale.groupings + 1):
        kind = GROUPING_KINDS[g % len(GROUPING_KINDS)]
        name = f"{'Mikroregion' if kind == 'microregion' else kind.upper()} {NAME_ROOT[g % len(NAME_ROOT)]} {g}"
        groupings.append((g, name, fold(name), kind, "", 1, 3, 10, Decimal("1.00"), now, now))
        members_of[g] = _pick_members(context.rng, municipality_ids)
    memberships = [(i, g, m, date(2010 + m % 12, 1, 1), None)
                   for i, (g, m) in enumerate(((g, m) for g, ms in members_of.items() for m in ms), start=1)]
    context.writer.write("grouping", GROUPING_COLUMNS, groupings)
    context.writer.write("grouping_membership", ("id", "grouping_id", "municipality_id", "joined_on", "left_on"),
                         memberships)
    return members_of


def _pick_members(rng: Random, municipality_ids: list[int]) -> list[int]:
    """A run of neighbouring municipalities (by id) plus a few far ones, so that groupings overlap."""
    count = len(municipality_ids)
    size = min(count, rng.randint(6, 45))
    start = rng.randrange(count)
    members = {municipality_ids[(start + k) % count] for k in range(size)}
    members.update(rng.sample(municipality_ids, min(3, count)))
    return sorted(members)


def _groupings_of(grouping_members: dict[int, list[int]]) -> dict[int, list[int]]:
    groupings_of: dict[int, list[int]] = {}
    for g, members in grouping_members.items():
        for m in members:
            groupings_of.setdefault(m, []).append(g)
    return groupings_of
