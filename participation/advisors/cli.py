"""`flask advisors remind`: tell coordinators about questions waiting longer than ADVISOR_ANSWER_DAYS."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup

group = AppGroup("advisors", help="Shared advisors: reminders to coordinators.")


def register(app: Flask) -> None:
    app.cli.add_command(group)


@group.command("remind")
def remind() -> None:
    """Notify the field's coordinators of each open question past the answer deadline (once per question)."""
    from participation.advisors.questions import remind_waiting

    count = remind_waiting()
    click.echo(f"{count} question(s) past {current_app.config['ADVISOR_ANSWER_DAYS']} days: coordinators told.")
