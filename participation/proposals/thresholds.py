"""The cross-municipal threshold: when a proposal counts as supported across borders.

A grouping sets its rule: the proposal must be supported in at least
`municipalities` of the municipalities it touches (members of the grouping,
when it belongs to one), and in each of them by at least the larger of
`min_supporters` residents and `population_percent` % of the population.
A proposal with no grouping uses DEFAULT_RULE. Reaching the threshold is
recorded once (Proposal.threshold_reached_at) and never taken back.

A proposal is never held to more municipalities than it can count: touching
two member municipalities under a rule of three, it needs enough support in
both (`ThresholdProgress.needed`). One touching no municipality that counts
cannot reach the threshold at all, and the panel says so instead of a target.
"""

import math
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ThresholdRule:
    municipalities: int
    min_supporters: int
    population_percent: Decimal

    def required_supporters(self, population: int | None) -> int:
        """Supporters one municipality needs: the larger of the absolute and the relative minimum."""
        relative = math.ceil(Decimal(population or 0) * self.population_percent / 100)
        return max(self.min_supporters, relative, 1)


# The one place that says what applies to a proposal without a grouping.
DEFAULT_RULE = ThresholdRule(municipalities=3, min_supporters=10, population_percent=Decimal("1"))


def rule_for(grouping) -> ThresholdRule:
    """The grouping's rule, or the default when there is no grouping."""
    if grouping is None:
        return DEFAULT_RULE
    return ThresholdRule(
        municipalities=grouping.threshold_municipalities or DEFAULT_RULE.municipalities,
        min_supporters=(
            grouping.threshold_min_supporters
            if grouping.threshold_min_supporters is not None
            else DEFAULT_RULE.min_supporters
        ),
        population_percent=Decimal(str(
            grouping.threshold_population_percent
            if grouping.threshold_population_percent is not None
            else DEFAULT_RULE.population_percent
        )),
    )


@dataclass
class MunicipalitySupport:
    """One affected municipality's line in the support panel."""

    municipality: object
    count: int
    required: int
    counts_for_threshold: bool

    @property
    def met(self) -> bool:
        return self.counts_for_threshold and self.count >= self.required

    @property
    def population(self) -> int:
        return self.municipality.population or 0

    @property
    def population_share(self) -> float:
        """Supporters as a share of the inhabitants (0..1), for "0.8 % of 1,500 inhabitants"."""
        return self.count / self.population if self.population else 0.0

    @property
    def progress(self) -> int:
        """The count capped at what is required, for a <meter> that never overflows."""
        return min(self.count, self.required)


@dataclass
class ThresholdProgress:
    rule: ThresholdRule
    lines: list[MunicipalitySupport]

    @property
    def municipalities_met(self) -> int:
        return sum(1 for line in self.lines if line.met)

    @property
    def countable(self) -> int:
        """Affected municipalities whose supporters count towards the threshold."""
        return sum(1 for line in self.lines if line.counts_for_threshold)

    @property
    def needed(self) -> int:
        """Municipalities that must be met: the rule's number, capped at what the proposal can count."""
        return min(self.rule.municipalities, self.countable)

    @property
    def reachable(self) -> bool:
        return self.needed > 0

    @property
    def reached(self) -> bool:
        return self.reachable and self.municipalities_met >= self.needed

    @property
    def progress(self) -> int:
        return min(self.municipalities_met, self.needed)


def evaluate(rule: ThresholdRule, municipalities, counts: dict[int, int],
             eligible_ids: set[int] | None = None) -> ThresholdProgress:
    """Compare supporters per municipality with the rule.

    `eligible_ids` limits which municipalities count towards the threshold
    (a grouping's current members); None means every affected municipality.
    """
    lines = [
        MunicipalitySupport(
            municipality=municipality,
            count=counts.get(municipality.id, 0),
            required=rule.required_supporters(municipality.population),
            counts_for_threshold=eligible_ids is None or municipality.id in eligible_ids,
        )
        for municipality in municipalities
    ]
    return ThresholdProgress(rule=rule, lines=lines)
