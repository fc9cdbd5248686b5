"""Every route that changes something, tried by every role, against the declared outcome.

The cells come from the application's own url_map (tests/security/matrix_harness.py),
the expected outcomes from tests/security/route_expectations.py. A new route
without a declaration fails `test_every_route_has_a_declared_expectation`,
which says what to add.
"""

import pytest

from config import TestConfig
from participation import create_app
from participation.extensions import db
from tests.security import route_expectations as declared
from tests.security.matrix_harness import cells_of, isolated_engine, outcome_of, session_on, sign_in
from tests.security.matrix_world import ROLES, build_world


def _collection_app():
    class Collect(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    return create_app(Collect)


CELLS = cells_of(_collection_app())


class Matrix:
    def __init__(self, app, connection, world):
        self.app, self.connection, self.world = app, connection, world

    def run(self, cell, role):
        """Send the cell's request as the role inside a savepoint; return (outcome, response)."""
        things = self.world["things"]
        nested = self.connection.begin_nested()
        try:
            client = self.app.test_client()
            user_id = self.world["users"].get(role)
            if user_id is not None:
                sign_in(client, user_id)
            url = declared.url_for_cell(self.app, cell, things)
            data = declared.form_for(cell, things) if cell.method != "GET" else None
            response = client.open(url, method=cell.method, data=data)
            outcome = outcome_of(response)
            check = declared.EFFECTS.get(cell.key)
            if check is not None and outcome == "ok":
                db.session.expire_all()
                if not check(things, user_id):
                    outcome = "refused"  # answered, but the database shows no effect
            return outcome, response
        finally:
            db.session.remove()
            nested.rollback()


@pytest.fixture(scope="module")
def matrix(_app, database_url):
    engine = isolated_engine(database_url)
    connection = engine.connect()
    outer = connection.begin()
    saved_session = db.session
    db.session = session_on(connection)
    try:
        with _app.app_context():
            world = build_world()
            db.session.remove()
            yield Matrix(_app, connection, world)
            db.session.remove()
    finally:
        db.session = saved_session
        outer.rollback()
        connection.close()
        engine.dispose()


def test_every_route_has_a_declared_expectation():
    missing = [cell for cell in CELLS if declared.expectation_for(cell) is None]
    assert not missing, "\n".join(
        [f"{len(missing)} route(s) change something but declare no expected outcome per role:"]
        + [f"  {cell.method} {cell.rule}  (endpoint {cell.endpoint})" for cell in missing]
        + ["Declare each in tests/security/route_expectations.py: add the endpoint to EXPECTATIONS "
           "(e.g. \"proposals.support\": CONFIRMED, or {\"POST\": ..., \"GET\": ...}), or "
           "cover its blueprint with a PREFIX_RULES entry; give URL arguments in ARGUMENTS if the "
           "defaults do not fit."]
    )


def test_no_declaration_names_a_route_that_does_not_exist():
    endpoints = {cell.endpoint for cell in CELLS}
    stale = sorted(set(declared.EXPECTATIONS) - endpoints)
    assert not stale, f"declared in route_expectations.py but not a writing route any more: {stale}"


@pytest.mark.parametrize("cell", CELLS, ids=lambda cell: cell.key)
def test_route_answers_each_role_as_declared(matrix, cell):
    expected = declared.expectation_for(cell)
    if expected is None:
        pytest.fail(f"no declared expectation for {cell.key} (see test_every_route_has_a_declared_expectation)")
    wrong = []
    for role in ROLES:
        outcome, response = matrix.run(cell, role)
        want = expected[role]
        if outcome != want:
            wrong.append(f"{role}: expected {want}, got {outcome} ({response.status_code} "
                         f"{response.headers.get('Location', '')})")
    assert not wrong, f"{cell.key} {cell.rule}:\n  " + "\n  ".join(wrong)
