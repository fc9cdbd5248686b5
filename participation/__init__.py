"""Spolu: residents of several municipalities solving shared problems together."""

import importlib
import logging
from pathlib import Path

from flask import Flask

from config import Config

from .architecture import DOMAINS
from .common import dependencies, raw_query
from .extensions import babel, cache, csrf, db, htmx, limiter, login_manager, migrate, select_locale

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT_DIR = PACKAGE_DIR.parent

__all__ = ["DOMAINS", "PACKAGE_DIR", "ROOT_DIR", "create_app"]


def _translation_directories() -> str:
    """The core catalogue plus one per domain, merged by Flask-Babel."""
    directories = sorted(str(p) for p in PACKAGE_DIR.glob("**/translations") if p.is_dir())
    return ";".join(directories)


def _domain_module(domain: str, name: str):
    try:
        return importlib.import_module(f"participation.{domain}.{name}")
    except ModuleNotFoundError as error:
        if error.name in (f"participation.{domain}", f"participation.{domain}.{name}"):
            return None
        raise


def create_app(config_class: type = Config) -> Flask:
    """Build the application: configuration, extensions, blueprints, commands."""
    app = Flask(
        __name__,
        template_folder=str(ROOT_DIR / "templates"),
        static_folder=str(ROOT_DIR / "static"),
        instance_path=config_class.INSTANCE_DIR,
    )
    app.config.from_object(config_class)
    _check_production_settings(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", _translation_directories())

    _trust_proxies(app)
    app.wsgi_app = raw_query.ascii_query_strings(app.wsgi_app)  # no raw byte in a query answers 500
    _init_extensions(app)
    from .common import form_translations

    form_translations.init_app(app)  # WTForms' messages read once per language, not once per request
    from .common import old_addresses, validation

    validation.init_app(app)  # before the blueprints: their <int:...> rules take its converter
    old_addresses.init_app(app)  # and their <word(...)> rules take its converter
    from . import models  # noqa: F401  (registers every table with SQLAlchemy)

    for domain in DOMAINS:
        views = _domain_module(domain, "views")
        if views is not None and hasattr(views, "bp"):
            app.register_blueprint(views.bp)
        cli = _domain_module(domain, "cli")
        if cli is not None and hasattr(cli, "register"):
            cli.register(app)

    from . import web
    from .common import static_files

    web.init_app(app)
    static_files.init_app(app)
    logging.basicConfig(level=logging.INFO)
    return app


def _check_production_settings(app: Flask) -> None:
    if app.config.get("ENV_NAME") == "production" and not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY is not set. Spolu refuses to start in production without it: "
            "set the SECRET_KEY environment variable to a long random string."
        )
    if not app.config.get("SECRET_KEY"):
        # Development only: a fixed key keeps sessions alive across restarts.
        app.config["SECRET_KEY"] = "dev-only-not-secret"


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXY_COUNT reverse proxies, read the client's address and scheme from their headers."""
    count = app.config.get("TRUSTED_PROXY_COUNT") or 0
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def _init_extensions(app: Flask) -> None:
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = dependencies.engine_options(app.config)
    db.init_app(app)
    with app.app_context():
        dependencies.tune_sqlite(app, db.engine)
        dependencies.ping_idle_connections(app, db.engine)
    migrate.init_app(app, db, directory=str(ROOT_DIR / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    dependencies.configure_rate_limit_storage(app, limiter)
    limiter.init_app(app)
    if not app.config.get("CACHE_TYPE"):
        app.config["CACHE_TYPE"] = "RedisCache" if app.config.get("REDIS_URL") else "SimpleCache"
    app.config.setdefault("CACHE_REDIS_URL", app.config.get("REDIS_URL"))
    if app.config["CACHE_TYPE"] == "RedisCache":
        timeout = app.config.get("REDIS_TIMEOUT") or 2
        app.config.setdefault("CACHE_OPTIONS", {"socket_connect_timeout": timeout, "socket_timeout": timeout})
    cache.init_app(app)
    from .common import fragment_cache

    fragment_cache.init_app(app)
