"""Synthetic data at a chosen scale, for benchmarks: `flask generate-data --scale small|region`.

Not demo data (that is `flask seed-demo`): this fills an empty database with
many municipalities, users, proposals, supports, comments, agreements,
projects and consultations, with a realistic skew (a few proposals draw
most of the support and discussion; big towns have more users), so that
`bench/load.py` can measure the pages at the size of a region.

Rows are written in bulk and never through the ORM (`writer`). Ids are
assigned here (the database starts empty), so rows can refer to each other
without a round trip; PostgreSQL sequences are moved past them at the end,
then ANALYZE runs.

One module per domain fills its tables (`territory`, `accounts`,
`proposals` with supports, `comments`, `agreements`, `projects`,
`consultations`, `localities` with connection reports) and hands on what the later ones refer to. They all draw
from one seeded random stream, in the fixed order of `generate`: the same
seed gives the same rows, except that timestamps count back from the moment
of the run and the shared password hash gets a fresh salt.

Every table constraint holds: one support per user and proposal, one
response per user and consultation, one membership per grouping and
municipality, unique emails and codes, comment trees with depth, root and
path as the discussion code writes them.
"""

import time

import click
from sqlalchemy import func, select

from bench.generate.accounts import PASSWORD, fill_accounts
from bench.generate.agreements import fill_agreements
from bench.generate.comments import fill_comments
from bench.generate.consultations import fill_consultations
from bench.generate.context import Context
from bench.generate.localities import count_statuses, fill_localities
from bench.generate.projects import fill_projects
from bench.generate.proposals import fill_proposals, fill_supports
from bench.generate.scales import DISCUSSED_COMMENTS, SCALES, Scale, scaled
from bench.generate.territory import fill_territory
from participation.extensions import db

__all__ = ["DISCUSSED_COMMENTS", "PASSWORD", "SCALES", "Scale", "clear_all", "generate", "is_empty", "scaled"]


def generate(scale: str | Scale, seed: int = 1, echo=click.echo) -> dict[str, int]:
    """Fill an empty database at `scale`; returns rows written per table."""
    chosen = SCALES[scale] if isinstance(scale, str) else scale
    context = Context(chosen, seed=seed, echo=echo)
    started = time.perf_counter()
    _run_steps(context)
    echo(f"Done in {time.perf_counter() - started:.0f} s.")
    return context.writer.counts


def _run_steps(context: Context) -> None:
    """The domains in the order they refer to each other; that order also fixes the random draws."""
    context.echo("territory…")
    territory = fill_territory(context)
    context.echo("accounts…")
    people = fill_accounts(context, territory)
    context.echo("proposals…")
    proposals = fill_proposals(context, territory, people)
    context.echo("supports…")
    fill_supports(context, people, proposals)
    context.echo("comments…")
    fill_comments(context, proposals)
    context.echo("agreements and projects…")
    fill_agreements(context, territory, people, proposals)
    fill_projects(context, territory, people, proposals)
    context.echo("consultations…")
    fill_consultations(context, territory, people)
    context.echo("localities and connection reports…")
    fill_localities(context, territory, people)
    context.echo(f"  {count_statuses():,} localities given a status from their reports")
    context.echo("finish…")
    context.writer.finish()


def is_empty() -> bool:
    """True when there are no municipalities and no users: generating would collide with nothing."""
    from participation.accounts.models import User
    from participation.territory.models import Municipality

    return not (db.session.scalar(select(func.count()).select_from(Municipality))
                or db.session.scalar(select(func.count()).select_from(User)))


def clear_all() -> None:
    """Delete every row of every table (the schema stays)."""
    from participation.models import delete_every_row

    delete_every_row()
