"""`flask localities ...`: importing localities and recounting their connection status."""

import click
from flask import Flask
from flask.cli import AppGroup

from participation.localities import imports, reports

localities_group = AppGroup("localities", help="Localities (parts of municipalities) and their connection.")


def register(app: Flask) -> None:
    app.cli.add_command(localities_group)


@localities_group.command("import")
@click.argument("csv_file", type=click.File("rb"))
def import_command(csv_file) -> None:
    """Import localities from CSV_FILE (columns municipality_code, name, code, latitude, longitude,
    dwellings, inhabitants).

    Every row is checked first; if any row is bad, each is reported with its
    line number and nothing is imported. Localities are matched by code, else
    by municipality and name, so importing the same file twice changes nothing.
    """
    result = imports.read_csv(csv_file.read())
    if result.errors:
        for line, reason in result.errors:
            click.echo(f"line {line}: {reason}", err=True)
        raise click.ClickException(
            f"{len({line for line, _ in result.errors})} bad row(s); nothing was imported.")
    long_file = len(result.rows) > imports.PROGRESS_EVERY

    def progress(done: int, total: int) -> None:
        if long_file:
            click.echo(f"… {done} of {total} rows", err=True)

    imports.import_rows(result, progress)
    click.echo(f"Imported {len(result.rows)} localities: {result.created} created, "
               f"{result.updated} updated, {result.unchanged} unchanged.")


@localities_group.command("recount")
def recount_command() -> None:
    """Recompute every locality's connection status from its current reports (a repair; run it
    after changing CONNECTIVITY_MIN_REPORTS or CONNECTIVITY_THRESHOLDS)."""
    changed = reports.recount_all()
    click.echo(f"Recounted the localities: {changed} changed.")
