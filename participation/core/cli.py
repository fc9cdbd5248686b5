"""Site-wide commands: demo data and translation catalogues."""

import importlib

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from participation import DOMAINS
from participation.common import static_files
from participation.core import translations


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(translations.translations_group)
    app.cli.add_command(generate_data)
    app.cli.add_command(static_group)
    app.cli.add_command(counters_group)
    app.cli.add_command(markdown_group)


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


@click.command("generate-data")
@click.option("--scale", type=click.Choice(["tiny", "small", "region"]), default="small", show_default=True,
              help="tiny: a test; small: quick runs; region: 600 municipalities, 200,000 users, 2M supports.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed; the same seed gives the same data.")
@click.option("--force", is_flag=True, help="Delete every row of every table first (the database is not empty).")
@with_appcontext
def generate_data(scale: str, seed: int, force: bool) -> None:
    """Fill an empty database with synthetic data for benchmarks (not demo data: see seed-demo)."""
    # Imported here, not at the top: the application never loads the benchmark package on its own.
    from bench import generate

    if not generate.is_empty():
        if not force:
            raise click.ClickException(
                "The database is not empty. Use a separate database for benchmarks, "
                "or pass --force to delete every row first."
            )
        click.echo("Deleting every row (--force)…")
        generate.clear_all()
    click.echo(f"Generating scale {scale!r} into {current_app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")
    _before_bulk_load()
    try:
        counts = generate.generate(scale, seed=seed)
    finally:
        _after_bulk_load()
    click.echo(f"{sum(counts.values()):,} rows in {len(counts)} tables. "
               f"Every generated account's password: {generate.PASSWORD}")


@click.group("static")
def static_group() -> None:
    """Static files."""


@static_group.command("build")
@with_appcontext
def static_build() -> None:
    """Write fingerprinted copies of static/ with gzip and brotli twins into STATIC_BUILD_DIR."""
    target = current_app.config["STATIC_BUILD_DIR"]
    manifest = static_files.build(current_app.static_folder, target)
    click.echo(f"{len(manifest)} static files built into {target}; restart the servers to serve them.")


def _before_bulk_load() -> None:
    """Millions of rows load faster without the counters' row triggers: off until the load is done."""
    from participation.common import counters
    from participation.extensions import db

    with db.engine.begin() as connection:
        counters.uninstall(connection)


def _after_bulk_load() -> None:
    """The triggers back, every counter counted once from the loaded rows, and the Markdown the
    generated texts carry rendered, as `flask markdown rerender` does."""
    from participation.common import counters, markdown
    from participation.extensions import db

    with db.engine.begin() as connection:
        counters.install(connection)
        found = counters.repair(connection)
    click.echo(f"{len(found):,} stored counter(s) counted after the bulk load")
    for name, changed, _total in markdown.rerender_all():
        click.echo(f"Markdown rendered: {name} ({changed:,} rows)")


@click.group("counters")
def counters_group() -> None:
    """Stored counters (supports, comments, followers, consultation results)."""


@counters_group.command("repair")
@click.option("--dry-run", is_flag=True, help="Only report the differences, change nothing.")
@with_appcontext
def counters_repair(dry_run: bool) -> None:
    """Recount every stored counter from its rows, report each difference and fix it."""
    from participation.common import counters
    from participation.extensions import db

    with db.engine.begin() as connection:
        found = counters.differences(connection) if dry_run else counters.repair(connection)
    for difference in found[:200]:
        click.echo(str(difference))
    if len(found) > 200:
        click.echo(f"… and {len(found) - 200} more")
    verb = "found" if dry_run else "repaired"
    click.echo(f"{len(found)} difference(s) {verb}." if found else "Every counter matches its recount.")


@click.group("markdown")
def markdown_group() -> None:
    """Markdown rendered and stored when text is saved."""


@markdown_group.command("rerender")
@with_appcontext
def markdown_rerender() -> None:
    """Render every stored Markdown text again (after the renderer's rules changed)."""
    from participation.common import markdown

    for name, changed, total in markdown.rerender_all():
        click.echo(f"{name}: {changed} of {total} changed")
