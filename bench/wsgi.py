"""The app as gunicorn serves it for benchmarks, plus two bare routes to compare against.

    gunicorn -w 4 -b 127.0.0.1:8765 bench.wsgi:app

`/_bench/bare` returns a short string and touches no database: it measures
what the server, Flask and the app's before-request hooks cost on their
own. `POST /_bench/bare-write` inserts one row into a table of its own
(`bench_write`, created here) and commits: what any write route costs
before it does anything of its own (issue 21 measures the support toggle
against it). Both exist only here, never in the production app.
"""

from sqlalchemy import text

from participation import create_app
from participation.extensions import csrf, db

app = create_app()

with app.app_context():
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS bench_write (id INTEGER PRIMARY KEY, at VARCHAR(40))"
                                if db.engine.dialect.name == "sqlite" else
                                "CREATE TABLE IF NOT EXISTS bench_write (id SERIAL PRIMARY KEY, at VARCHAR(40))"))


@app.get("/_bench/bare")
def bare() -> str:
    return "ok"


@app.post("/_bench/bare-write")
@csrf.exempt
def bare_write() -> str:
    db.session.execute(text("INSERT INTO bench_write (at) VALUES (CURRENT_TIMESTAMP)"))
    db.session.commit()
    return "ok"
