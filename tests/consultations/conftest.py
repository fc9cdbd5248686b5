"""Service tests run inside an English request, so that messages can be compared."""

import pytest


@pytest.fixture(autouse=True)
def english_request(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield
