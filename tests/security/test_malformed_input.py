"""Malformed input never gives a 5xx, on any route of the app's own url_map.

Every path argument, the query filters the views read and the fields of every
form get a battery of malformed values (ids beyond the database's integer
range, negative and non-ASCII digits, NUL, very long strings, dates far
outside any sensible range), as a visitor and as an administrator, with GET
and POST. Routes, filter names and form fields are read from the application
and its source, so a route added later is walked without touching this file.
PostgreSQL is where an id beyond its integer range used to give a 500: run
this file with TEST_DATABASE_URL too.
"""

from urllib.parse import quote

import pytest
from sqlalchemy import select

from participation.core import cli
from participation.extensions import db
from participation.territory.models import Municipality
from tests.factories import administrator
from tests.security.routes import (
    ARGUMENT,
    SKIPPED_ENDPOINTS,
    fill,
    filter_names,
    form_field_names,
    real_values,
)

HUGE = "99999999999999999999"
# Values for path arguments: most stop at the route's converter, so the battery can be long.
PATH_VALUES = (HUGE, "2147483648", "-1", "\u0663", "\u00b2", "\x00", "a\x00b", "x" * 3000, "99999-01-01",
               "1e999", "\u202e1")
# Values for every query filter at once, and for every form field at once: each renders a whole page.
QUERY_VALUES = (HUGE, "\u00b2", "-1", "99999-01-01", "a\x00b")
FORM_VALUES = (HUGE, "\u0663", "9999-12-31", "0001-01-01", "a\x00b")
def _walk(app, client, real, filters, fields) -> list[str]:
    failures = []

    def check(method: str, url: str, **kwargs) -> None:
        response = client.open(url, method=method, **kwargs)
        if response.status_code >= 500:
            failures.append(f"{method} {url[:120]} -> {response.status_code}")

    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        methods = rule.methods & {"GET", "POST"}
        for argument in rule.arguments:
            for value in PATH_VALUES:
                check(sorted(methods)[0], fill(rule, real, (argument, value)))
        path = fill(rule, real)
        if "GET" in methods:
            for value in QUERY_VALUES:
                check("GET", path + "?" + "&".join(f"{name}={quote(value)}" for name in sorted(filters)))
        if "POST" in methods:
            for value in FORM_VALUES:
                check("POST", path, data={name: value for name in fields})
    return failures


@pytest.mark.parametrize("role", ["visitor", "administrator"])
def test_no_malformed_request_gives_a_server_error(app, client, login, role):
    with app.test_request_context(base_url=app.config["PUBLIC_BASE_URL"]):
        cli._seed_all({"logins": []})
    if role == "administrator":
        login(administrator(home_municipality=db.session.scalar(select(Municipality).limit(1))))
    failures = _walk(app, client, real_values(), filter_names(), form_field_names())
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)


def test_every_route_is_walked(app):
    """A converter or argument this file cannot fill would silently skip routes: none may."""
    for rule in app.url_map.iter_rules():
        for match in ARGUMENT.finditer(rule.rule):
            assert match["converter"] in (None, "int", "any", "word", "path"), rule.rule
