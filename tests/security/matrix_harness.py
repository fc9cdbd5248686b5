"""How the authorization matrix runs: cells from the url_map, each request inside a savepoint.

The world is built once per module inside a transaction that is never
committed; each cell (a route, a method, a role) runs in a savepoint that is
rolled back afterwards, so every role meets the same untouched world and
nothing is left in the database for other tests.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import create_engine, event
from sqlalchemy.orm import scoped_session, sessionmaker
from sqlalchemy.pool import StaticPool

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Cell:
    endpoint: str
    method: str
    rule: str

    @property
    def key(self) -> str:
        return f"{self.method} {self.endpoint}"


def cells_of(app) -> list[Cell]:
    """Every route that changes something, and the GET of every form (a route that also takes POST)."""
    cells = set()
    for rule in app.url_map.iter_rules():
        methods = set(rule.methods or ()) - {"HEAD", "OPTIONS"}
        writes = methods & set(WRITE_METHODS)
        for method in writes:
            cells.add(Cell(rule.endpoint, method, rule.rule))
        if writes and "GET" in methods:
            cells.add(Cell(rule.endpoint, "GET", rule.rule))
    return sorted(cells, key=lambda cell: (cell.endpoint, cell.method))


def sign_in(client, user_id: int) -> None:
    """Sign a role in as tests/conftest.py's `login` fixture does (keep the two alike): a sign-in session's id."""
    from participation.accounts.models import User
    from participation.extensions import db
    from tests.factories import sign_in_token

    token = sign_in_token(db.session.get(User, user_id))  # its commit only releases the cell's savepoint
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True


def outcome_of(response) -> str:
    """"ok", "login" (sent to sign in), "403", "404", "405", or "5xx"."""
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        return "login" if urlsplit(response.headers.get("Location", "")).path == "/prihlaseni" else "ok"
    if code == 401:
        return "login"
    if code in (403, 404, 405):
        return str(code)
    if code >= 500:
        return "5xx"
    return "ok"


def isolated_engine(database_url: str):
    """An engine on the test database whose transactions and savepoints SQLite honours too."""
    if not database_url.startswith("sqlite"):
        return create_engine(database_url)
    engine = create_engine(database_url, poolclass=StaticPool, connect_args={"check_same_thread": False})

    # pysqlite starts transactions lazily and would let a savepoint's release commit: begin explicitly.
    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection, record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine


def session_on(connection):
    """A scoped session whose commits only release savepoints inside the connection's transaction."""
    return scoped_session(sessionmaker(bind=connection, join_transaction_mode="create_savepoint",
                                       expire_on_commit=True))
