"""The open data tests read the API tests' world: public items beside hidden, draft and withdrawn twins."""

import pytest


@pytest.fixture
def world(app):
    from tests.api.world import build

    return build()


@pytest.fixture
def visitor(app):
    """A client without cookies: what anybody on the internet gets."""
    return app.test_client()
