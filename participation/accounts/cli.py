"""`flask accounts ...`: housekeeping of account data."""

import click
from flask import Flask
from flask.cli import AppGroup

group = AppGroup("accounts", help="Account housekeeping.")


def register(app: Flask) -> None:
    app.cli.add_command(group)


@group.command("remove-expired-exports")
def remove_expired_exports() -> None:
    """Remove prepared "Your data" files whose mailed link has expired (the scheduler does it every minute)."""
    from participation.accounts.data_exports import remove_expired

    click.echo(f"Removed {remove_expired()} expired data exports.")
