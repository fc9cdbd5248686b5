"""Site-wide commands: demo data and translation catalogues."""

import importlib

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from participation import DOMAINS
from participation.core import translations


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(translations.translations_group)


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Fill the database with realistic demo data; running it again adds nothing twice."""
    context: dict = {"logins": []}
    # Seeds may build links (url_for); give them the public address to build against.
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        _seed_all(context)
    if context["logins"]:
        click.echo("\nDemo logins (password for all: see below):")
        for line in context["logins"]:
            click.echo(f"  {line}")
    if context.get("password"):
        click.echo(f"\nPassword for every demo account: {context['password']}")
    click.echo("Demo data ready.")


def _seed_all(context: dict) -> None:
    """Run each domain's seed in dependency order."""
    for domain in DOMAINS:
        try:
            module = importlib.import_module(f"participation.{domain}.seed")
        except ModuleNotFoundError as error:
            if error.name == f"participation.{domain}.seed":
                continue
            raise
        click.echo(f"Seeding {domain}…")
        module.seed(context)
