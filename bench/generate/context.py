"""What every step of one run shares: the scale, the seeded random stream, the clock and the writer."""

import random
from datetime import UTC, datetime, timedelta

import click

from bench.generate.scales import Scale
from bench.generate.writer import Writer


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Context:
    """One run's shared state; the steps draw from one random stream, so their order fixes the data."""

    def __init__(self, scale: Scale, seed: int = 1, echo=click.echo):
        self.scale = scale
        self.rng = random.Random(seed)
        self.writer = Writer(echo)
        self.echo = echo
        self.now = _now()
        self.next_thread = 1

    def threads(self, subject_type: str, count: int, when: datetime) -> list[int]:
        """Write `count` discussion threads for one kind of subject; returns their ids in order."""
        first = self.next_thread
        ids = list(range(first, first + count))
        self.next_thread += count
        self.writer.write("thread", ("id", "created_at", "subject_type"),
                          ((i, when, subject_type) for i in ids))
        return ids

    def ago(self, max_days: int, min_days: int = 0) -> datetime:
        """A random moment between `max_days` and `min_days` before now."""
        return self.now - timedelta(days=self.rng.uniform(min_days, max_days))
