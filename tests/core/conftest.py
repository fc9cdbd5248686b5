"""Fixtures for the core tests: another app like the test app, with some settings changed."""

import pytest

from participation import create_app
from participation.extensions import db, limiter

# Settings create_app derives; a copied app derives them again from its own.
DERIVED = {"RATELIMIT_STORAGE_URI", "RATELIMIT_STORAGE_OPTIONS", "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED",
           "RATELIMIT_SWALLOW_ERRORS", "SQLALCHEMY_ENGINE_OPTIONS", "BABEL_TRANSLATION_DIRECTORIES"}


@pytest.fixture
def make_app(_app):
    """Build another app like the test app, with some settings changed; put the shared limiter back after."""
    saved_limiter = dict(limiter.__dict__)
    built = []

    def _make(**overrides):
        class Faulty:
            SQLALCHEMY_ENGINE_OPTIONS: dict = {}

        for key, value in _app.config.items():
            if key.isupper() and key not in DERIVED:
                setattr(Faulty, key, value)
        Faulty.INSTANCE_DIR = _app.instance_path
        for key, value in overrides.items():
            setattr(Faulty, key, value)
        faulty = create_app(Faulty)
        built.append(faulty)
        return faulty

    yield _make
    for faulty in built:
        with faulty.app_context():
            db.session.remove()
            db.engine.dispose()
    limiter.__dict__.clear()
    limiter.__dict__.update(saved_limiter)
