"""Helpers for the API tests: read a JSON answer, check it against the OpenAPI document."""

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from participation.api.openapi import document


@pytest.fixture(scope="session")
def openapi_document():
    return document()


@pytest.fixture
def conforms(openapi_document):
    """Assert that a body matches a schema of the document (`Proposal`, `ProposalPage`, `Error`...)."""

    def check(body, schema_name: str) -> None:
        schema = {"$ref": f"#/components/schemas/{schema_name}", "components": openapi_document["components"]}
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])

    return check


@pytest.fixture
def api(client):
    """GET an API address without cookies; the JSON body and the response."""

    def get(path: str, **kwargs):
        response = client.get(f"/api/v1{path}", **kwargs)
        return response.get_json(silent=True), response

    return get


@pytest.fixture
def world(app):
    """One public item of every kind beside its hidden, draft or withdrawn twins; see tests/api/world.py."""
    from tests.api.world import build

    return build()
