"""Localities (parts of municipalities) and residents' connection reports, for issue 14's region scale.

About five localities a municipality (more in towns), each with dwellings and
inhabitants; `scale.reports` residents, drawn without repeats, each report
the connection of one locality of their home municipality (one current
report a person, as the app allows). Most villages' parts are slow or
unserved, towns mostly served, a few on fibre. The localities' stored status
is counted afterwards by the app's own rule (`localities.reports.recount_all`).
"""

from bench.generate.accounts import People
from bench.generate.context import Context
from bench.generate.territory import Territory
from participation.common.text import fold

LOCALITY_COLUMNS = ("id", "municipality_id", "name", "search_name", "code", "latitude", "longitude",
                    "dwellings", "inhabitants", "status", "report_count", "created_at", "updated_at")
REPORT_COLUMNS = ("id", "locality_id", "reporter_id", "source", "fixed_technology", "mobile_signal",
                  "advertised_download", "advertised_upload", "measured_download", "measured_upload",
                  "refused", "long_wait", "high_fee", "office_note", "created_at")
PARTS = ("Dolní", "Horní", "Nová", "Stará", "Malá", "Velká", "Zadní", "Přední")
# (technology, advertised download Mbit/s) by how big the place is: towns are better served.
TECHNOLOGIES = (("none", None), ("satellite", 50.0), ("dsl", 8.0), ("fixed_wireless", 30.0),
                ("cable", 250.0), ("fibre", 1000.0))


def fill_localities(context: Context, territory: Territory, people: People) -> None:
    """`scale.localities` localities spread by population, then `scale.reports` reports in them."""
    parts_of = _write_localities(context, territory)
    _write_reports(context, people, parts_of)


def _locality_counts(context: Context, populations: list[int]) -> list[int]:
    """At least one locality a municipality, the rest in proportion to population."""
    wanted, total = context.scale.localities, sum(populations)
    spare = max(0, wanted - len(populations))
    return [1 + int(spare * p / total) for p in populations]


def _write_localities(context: Context, territory: Territory) -> dict[int, list[int]]:
    now, rng = context.now, context.rng
    rows, parts_of = [], {}
    for index, count in enumerate(_locality_counts(context, territory.populations)):
        municipality = index + 1
        base = territory.municipality_names[municipality]
        for k in range(count):
            locality_id = len(rows) + 1
            name = base if k == 0 else f"{PARTS[k % len(PARTS)]} {base.split()[-1]} {k}"
            dwellings = rng.randint(8, 40) * (3 if k == 0 else 1)
            rows.append((locality_id, municipality, name, fold(name), f"{700_000 + locality_id}",
                         49.2 + rng.random() * 0.6, 15.2 + rng.random() * 1.0, dwellings,
                         int(dwellings * 2.4), "unknown", 0, now, now))
            parts_of.setdefault(municipality, []).append(locality_id)
    context.writer.write("locality", LOCALITY_COLUMNS, rows)
    return parts_of


def _write_reports(context: Context, people: People, parts_of: dict[int, list[int]]) -> None:
    rng = context.rng
    user_count = len(people.home) - 1
    reporters = sorted(rng.sample(range(1, user_count + 1), min(context.scale.reports, user_count)))

    def rows():
        for report_id, user_id in enumerate(reporters, start=1):
            municipality = people.home[user_id]
            parts = parts_of[municipality]
            locality = parts[0] if rng.random() < 0.5 else rng.choice(parts)
            rank = min(5, int(rng.random() * 6 * (1.3 if municipality <= 30 else 0.8)))
            technology, advertised = TECHNOLOGIES[rank]
            measured = None if advertised is None else round(advertised * rng.uniform(0.4, 1.0), 1)
            yield (report_id, locality, user_id, "resident", technology, rng.choice(("none", "weak", "usable")),
                   advertised, None if advertised is None else advertised / 10, measured, None,
                   rng.random() < 0.05, rng.random() < 0.05, rng.random() < 0.03, "", context.ago(700))

    context.writer.write("connection_report", REPORT_COLUMNS, rows())


def count_statuses() -> int:
    """Each locality's status from its reports, by the application's rule (after the rows are written)."""
    from participation.localities.reports import recount_all

    return recount_all()
