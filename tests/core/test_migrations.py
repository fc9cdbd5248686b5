"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

from participation.extensions import db


def test_migrations_match_models(app, database_url, tmp_path):
    """Upgrade a fresh database to the newest revision and diff it against the models."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        engine = create_engine(url)
        cleanup = None
    else:
        from tests.conftest import _drop_postgres_database, _postgres_test_url

        fresh, name = _postgres_test_url(database_url)
        url = fresh.render_as_string(hide_password=False)
        engine = create_engine(url)
        cleanup = (fresh, name)
    original = app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        with engine.connect() as connection:
            # Point Flask-Migrate at the fresh database through a second engine.
            app.extensions["sqlalchemy"]._app_engines[app][None] = engine
            upgrade(revision="heads")
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
            assert diff == [], f"models and migrations differ: {diff}"
            tables = set(inspect(connection).get_table_names())
            assert {"user", "municipality", "proposal", "support", "audit_entry"} <= tables
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() >= 1
    finally:
        app.extensions["sqlalchemy"]._app_engines[app][None] = create_engine(original)
        engine.dispose()
        if cleanup:
            _drop_postgres_database(*cleanup)
