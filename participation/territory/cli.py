"""`flask territory ...`: commands for setting up the territory."""

import click
from flask import Flask
from flask.cli import AppGroup

from participation.territory import imports

territory_group = AppGroup("territory", help="Regions, municipalities and groupings.")


def register(app: Flask) -> None:
    app.cli.add_command(territory_group)


@territory_group.command("import-municipalities")
@click.argument("csv_file", type=click.File("rb"))
def import_municipalities_command(csv_file) -> None:
    """Import municipalities from CSV_FILE (columns code, name, region, population).

    Every row is checked first; if any row is bad, each is reported with its
    line number and nothing is imported. Municipalities are matched by code,
    so importing the same file twice changes nothing.
    """
    result = imports.read_csv(csv_file.read())
    if result.errors:
        for line, reason in result.errors:
            click.echo(f"line {line}: {reason}", err=True)
        raise click.ClickException(
            f"{len({line for line, _ in result.errors})} bad row(s); nothing was imported."
        )
    imports.import_rows(result)
    click.echo(
        f"Imported {len(result.rows)} municipalities: {result.created} created, "
        f"{result.updated} updated, {result.unchanged} unchanged."
    )
