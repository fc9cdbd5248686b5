"""How much to generate: the named scales and a way to scale one up or down."""

from dataclasses import dataclass, replace

DISCUSSED_COMMENTS = 200  # the proposal the load runner opens has this many comments


@dataclass(frozen=True)
class Scale:
    """Row counts for one run; every other table follows from these."""

    municipalities: int
    groupings: int
    users: int
    proposals: int
    supports: int
    comments: int
    agreements: int
    projects: int
    consultations: int
    responses: int
    localities: int
    reports: int
    discussed_comments: int = DISCUSSED_COMMENTS


SCALES = {
    "tiny": Scale(municipalities=8, groupings=3, users=120, proposals=40, supports=600, comments=150,
                  agreements=4, projects=4, consultations=2, responses=60, localities=24, reports=60,
                  discussed_comments=30),
    "small": Scale(municipalities=20, groupings=4, users=2_000, proposals=500, supports=20_000,
                   comments=5_000, agreements=20, projects=20, consultations=5, responses=3_000,
                   localities=100, reports=1_000),
    "region": Scale(municipalities=600, groupings=40, users=200_000, proposals=50_000, supports=2_000_000,
                    comments=500_000, agreements=2_000, projects=2_000, consultations=100, responses=300_000,
                    localities=3_000, reports=100_000),
}


def scaled(name: str, factor: float) -> Scale:
    """A scale with every count multiplied by `factor` (at least the tiny counts)."""
    base, floor = SCALES[name], SCALES["tiny"]
    values = {f: max(getattr(floor, f), int(getattr(base, f) * factor))
              for f in ("municipalities", "groupings", "users", "proposals", "supports", "comments",
                        "agreements", "projects", "consultations", "responses", "localities",
                        "reports")}
    return replace(base, **values)
