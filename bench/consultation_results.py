"""Benchmark: results of a consultation with 100,000 responses, on SQLite and PostgreSQL.

    .venv/bin/python bench/consultation_results.py                 # both databases
    .venv/bin/python bench/consultation_results.py --database sqlite --responses 20000
    BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres python bench/consultation_results.py

Each run uses a throw-away database (a temporary SQLite file; a fresh
PostgreSQL database created and dropped on the server), builds the schema,
bulk-inserts one closed consultation of 30 municipalities and five questions
(single, multiple, scale, ranking, free text) with N responses (executemany
on SQLite, COPY on PostgreSQL), then times computing the results and
rendering each results view and the CSV export through the app.

Not a test: tests/consultations/test_bench.py runs the generator at a small
scale so that it cannot rot. Figures go into docs/benchmarks-consultations.md.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from participation.common.models import utcnow  # noqa: E402
from participation.extensions import db  # noqa: E402

RESPONSE_COLUMNS = ("id", "consultation_id", "user_id", "municipality_id", "source", "recorded_by_id",
                    "created_at", "updated_at")
ANSWER_COLUMNS = ("response_id", "consultation_id", "question_id", "option_id", "municipality_id", "source",
                  "rank", "scale_value", "text", "hidden_reason")
TEXTS = ("Ať se nekope dvakrát.", "Děkujeme za možnost se vyjádřit.", "Připojte i samoty.", "Spoj v neděli!")


def build_consultation(municipality_count: int = 30):
    """A grouping of `municipality_count` municipalities and a closed consultation of every kind."""
    from participation.comments.models import Thread
    from participation.consultations.models import (
        Consultation,
        ConsultationStatus,
        Option,
        Question,
        QuestionKind,
    )
    from participation.territory.models import (
        Grouping,
        GroupingKind,
        GroupingMembership,
        Municipality,
        Region,
    )

    tag = uuid.uuid4().hex[:6]
    region = Region(code=f"B-{tag}", name=f"Bench region {tag}")
    municipalities = [
        Municipality(code=f"{(int(tag, 16) + i) % 1_000_000:06d}", name=f"Obec {tag} {i}",
                     search_name=f"obec {tag} {i}", population=300 + 977 * i % 15000, region=region)
        for i in range(municipality_count)
    ]
    grouping = Grouping(name=f"Svazek {tag}", search_name=f"svazek {tag}", kind=GroupingKind.DSO, region=region)
    db.session.add_all([region, grouping, *municipalities])
    db.session.flush()
    db.session.add_all(GroupingMembership(grouping_id=grouping.id, municipality_id=m.id) for m in municipalities)
    now = utcnow()
    consultation = Consultation(
        grouping_id=grouping.id, title="Kudy povede optika", introduction="Benchmark",
        opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1),
        status=ConsultationStatus.PUBLISHED, thread=Thread(subject_type="consultation"),
        first_answered_at=now - timedelta(days=29),
    )
    consultation.municipalities = municipalities
    specs = (
        (QuestionKind.SINGLE, ("Sever", "Jih", "Západ")),
        (QuestionKind.MULTIPLE, ("Práce", "Škola", "Podnikání", "Zábava", "Zdraví")),
        (QuestionKind.SCALE, ()),
        (QuestionKind.RANKING, ("Rychlost", "Cena", "Silnice", "Estetika")),
        (QuestionKind.TEXT, ()),
    )
    for position, (kind, options) in enumerate(specs, start=1):
        consultation.questions.append(Question(
            kind=kind, text=f"Otázka {position}", position=position,
            max_choices=3 if kind == QuestionKind.MULTIPLE else None,
            options=[Option(text=o, position=i) for i, o in enumerate(options, start=1)],
        ))
    db.session.add(consultation)
    db.session.commit()
    return consultation


def generate_rows(consultation, responses: int, first_id: int, seed: int = 1):
    """The response and answer rows, as tuples in RESPONSE_COLUMNS / ANSWER_COLUMNS order."""
    rng = random.Random(seed)
    municipalities = [m.id for m in consultation.municipalities]
    questions = {q.kind.value: q for q in consultation.questions}
    single = [o.id for o in questions["single"].options]
    multiple = [o.id for o in questions["multiple"].options]
    ranking = [o.id for o in questions["ranking"].options]
    when = consultation.opens_at + timedelta(days=1)
    response_rows, answer_rows = [], []
    for n in range(responses):
        response_id = first_id + n
        municipality = municipalities[(int(rng.paretovariate(1.2)) - 1) % len(municipalities)]
        source = "paper" if rng.random() < 0.03 else "online"
        response_rows.append((response_id, consultation.id, None, municipality, source, None, when, when))
        base = (response_id, consultation.id)
        # Municipalities lean differently, so the per-municipality views differ.
        lean = single[municipality % len(single)]
        choice = lean if rng.random() < 0.6 else rng.choice(single)
        answer_rows.append((*base, questions["single"].id, choice, municipality, source, None, None, None, ""))
        for option in rng.sample(multiple, rng.randint(1, 3)):
            answer_rows.append((*base, questions["multiple"].id, option, municipality, source, None, None, None, ""))
        answer_rows.append((*base, questions["scale"].id, None, municipality, source, None,
                            rng.randint(1, 5), None, ""))
        for rank, option in enumerate(rng.sample(ranking, len(ranking)), start=1):
            answer_rows.append((*base, questions["ranking"].id, option, municipality, source, rank, None, None, ""))
        if rng.random() < 0.2:
            answer_rows.append((*base, questions["text"].id, None, municipality, source, None, None,
                                rng.choice(TEXTS), ""))
    return response_rows, answer_rows


def bulk_insert(consultation, responses: int, seed: int = 1) -> int:
    """Insert the responses and answers: COPY on PostgreSQL, executemany elsewhere. Returns answer rows."""
    first_id = (db.session.scalar(text("SELECT COALESCE(MAX(id), 0) FROM consultation_response")) or 0) + 1
    response_rows, answer_rows = generate_rows(consultation, responses, first_id, seed)
    connection = db.session.connection()
    raw = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY consultation_response ({', '.join(RESPONSE_COLUMNS)}) FROM STDIN") as copy:
                for row in response_rows:
                    copy.write_row(row)
            with cursor.copy(f"COPY consultation_answer ({', '.join(ANSWER_COLUMNS)}) FROM STDIN") as copy:
                for row in answer_rows:
                    copy.write_row(row)
            cursor.execute("SELECT setval(pg_get_serial_sequence('consultation_response', 'id'), "
                           "(SELECT MAX(id) FROM consultation_response))")
    else:
        cursor = raw.cursor()
        naive = [(*row[:6], row[6].replace(tzinfo=None), row[7].replace(tzinfo=None)) for row in response_rows]
        cursor.executemany(
            f"INSERT INTO consultation_response ({', '.join(RESPONSE_COLUMNS)}) VALUES "
            f"({', '.join('?' * len(RESPONSE_COLUMNS))})", naive)
        cursor.executemany(
            f"INSERT INTO consultation_answer ({', '.join(ANSWER_COLUMNS)}) VALUES "
            f"({', '.join('?' * len(ANSWER_COLUMNS))})", answer_rows)
    db.session.commit()
    if connection.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE consultation_response"))
        db.session.execute(text("ANALYZE consultation_answer"))
        db.session.commit()
    return len(answer_rows)


def generate(responses: int, municipality_count: int = 30, seed: int = 1):
    """Build a consultation and bulk-insert `responses` responses; returns (consultation id, answer rows)."""
    consultation = build_consultation(municipality_count)
    answers = bulk_insert(consultation, responses, seed)
    return consultation.id, answers


def _timed(function, repeat: int) -> float:
    """The median wall time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(app, consultation_id: int, repeat: int = 3) -> dict[str, float]:
    """Seconds to compute the results and to serve each results page through the app."""
    from participation.consultations.results import compute_results
    from participation.consultations.views import load_consultation

    timings = {}
    with app.test_request_context():
        consultation = load_consultation(consultation_id)
        timings["compute_results"] = _timed(lambda: compute_results(consultation), repeat)
    client = app.test_client()
    base = f"/konzultace/{consultation_id}/vysledky"
    for view in ("overall", "municipalities", "equal", "turnout"):
        def get(view=view):
            response = client.get(f"{base}?view={view}")
            assert response.status_code == 200, response.status_code
        timings[f"page ?view={view}"] = _timed(get, repeat)
    timings["print view"] = _timed(lambda: client.get(f"{base}/print").get_data(), repeat)
    timings["CSV export"] = _timed(lambda: client.get(f"/konzultace/{consultation_id}/vysledky.csv").get_data(), 1)
    return timings


def _app_for(url: str, instance: str):
    from config import TestConfig
    from participation import create_app

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        INSTANCE_DIR = instance
        TESTING = False

    return create_app(BenchConfig)


def _postgres_database(base_url: str):
    url = make_url(base_url).set(drivername="postgresql+psycopg")
    name = f"spolu_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def run(label: str, url: str, responses: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as instance:
        app = _app_for(url, instance)
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            consultation_id, answers = generate(responses)
            generated = time.perf_counter() - started
            total = db.session.scalar(select(db.func.count()).select_from(db.metadata.tables["consultation_response"]))
            db.session.remove()
            print(f"\n{label}: {total:,} responses, {answers:,} answer rows, generated in {generated:.1f} s")
            for name, seconds in measure(app, consultation_id, repeat).items():
                print(f"  {name:<28} {seconds * 1000:8.0f} ms")
            db.session.remove()
            db.engine.dispose()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the median is shown)")
    parser.add_argument("--postgres-url", default=os.environ.get(
        "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args(argv)
    print(f"Spolu consultation results benchmark · {os.cpu_count()} cores · {time.strftime('%Y-%m-%d %H:%M')}")
    if args.database in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as directory:
            run("SQLite", f"sqlite:///{directory}/bench.sqlite", args.responses, args.repeat)
    if args.database in ("postgresql", "both"):
        url, drop = _postgres_database(args.postgres_url)
        try:
            run("PostgreSQL", url, args.responses, args.repeat)
        finally:
            drop()


if __name__ == "__main__":
    main()
