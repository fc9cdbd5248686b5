"""`flask consultations tick`: record opened / closing soon / results published events."""

import click
from flask import Flask
from flask.cli import AppGroup

consultations_group = AppGroup("consultations", help="Joint consultations.")


@consultations_group.command("tick")
def tick_command() -> None:
    """Record the consultation events that are due; safe to run as often as you like."""
    from participation.consultations.events import tick

    recorded = tick()
    for consultation_id, kind in recorded:
        click.echo(f"consultation {consultation_id}: {kind}")
    click.echo(f"{len(recorded)} event(s) recorded.")


def register(app: Flask) -> None:
    app.cli.add_command(consultations_group)
