"""`flask stats ...`: keep the stored response-time figures current."""

import click
from flask import Flask
from flask.cli import AppGroup

from participation.stats import precomputed

stats_cli = AppGroup("stats", help="Statistics kept for the public pages.")


def register(app: Flask) -> None:
    app.cli.add_command(stats_cli)


@stats_cli.command("refresh-response-times")
def refresh_response_times() -> None:
    """Recompute every municipality's and grouping's response times (run nightly; also repairs the table)."""
    municipalities, groupings = precomputed.refresh_all()
    click.echo(f"Response times stored for {municipalities} municipalities and {groupings} groupings.")
