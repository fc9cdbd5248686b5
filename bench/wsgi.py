"""The app as gunicorn serves it for benchmarks, plus a bare route to compare against.

    gunicorn -w 4 -b 127.0.0.1:8765 bench.wsgi:app

`/_bench/bare` returns a short string and touches no database: it measures
what the server, Flask and the app's before-request hooks cost on their
own. It exists only here, never in the production app.
"""

from participation import create_app

app = create_app()


@app.get("/_bench/bare")
def bare() -> str:
    return "ok"
