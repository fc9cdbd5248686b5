"""`flask workspaces ...`: the moderators' daily reminders."""

import click
from flask import Flask
from flask.cli import AppGroup

from participation.workspaces import reminders

workspaces_cli = AppGroup("workspaces", help="Moderators' inbox and its reminders.")


def register(app: Flask) -> None:
    app.cli.add_command(workspaces_cli)


@workspaces_cli.command("remind")
def remind() -> None:
    """Remind municipalities' moderators of items waiting longer than INBOX_REMINDER_DAYS (run daily)."""
    result = reminders.remind()
    click.echo(f"{result.sent} reminders sent to the moderators of {result.municipalities} municipalities.")
