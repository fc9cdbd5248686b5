"""The OpenAPI document is valid 3.1, served as it is written, and describes exactly the routes that exist."""

import re

from openapi_spec_validator import validate
from openapi_spec_validator.versions.shortcuts import get_spec_version


def test_the_document_is_valid_openapi_3_1(openapi_document):
    validate(openapi_document)
    assert str(get_spec_version(openapi_document)).endswith("3.1")


def test_the_document_is_served_at_its_address(api, openapi_document):
    body, response = api("/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert body == openapi_document


def test_every_route_is_documented_and_every_documented_path_exists(app, openapi_document):
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    routes.discard("/{rest}")  # the JSON 404 for anything else
    assert routes == set(openapi_document["paths"])


def test_list_parameters_match_what_the_lists_accept(api, openapi_document, world):
    for path, operations in openapi_document["paths"].items():
        names = [p["name"] for p in operations["get"].get("parameters", []) if "name" in p and p["in"] == "query"]
        for name in names:
            body, response = api(f"{path}?{name}=")  # an empty value counts as not given
            assert response.status_code == 200, (path, name, body)
