#!/usr/bin/env bash
# Reproduce docs/benchmarks.md: generate small and region data on PostgreSQL and
# SQLite (separate databases, created here), load-test each, print growth.
#
#   bench/reproduce.sh                      # everything (about 25 minutes on 2 cores)
#   SCALES="small" DATABASES="sqlite" bench/reproduce.sh
#
# PostgreSQL: BENCH_POSTGRES (default postgresql://postgres@127.0.0.1:5432) must
# let us create and drop the databases spolu_bench_small and spolu_bench_region.
# SQLite files go to /tmp. Never points at the development or test databases.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
FLASK=".venv/bin/flask --app participation:create_app"
PG=${BENCH_POSTGRES:-postgresql://postgres@127.0.0.1:5432}
SCALES=${SCALES:-"small region"}
DATABASES=${DATABASES:-"postgresql sqlite"}
OUT=${BENCH_OUT:-/tmp/spolu-bench}
mkdir -p "$OUT"

url_for() {  # database, scale
  if [ "$1" = postgresql ]; then echo "$PG/spolu_bench_$2"; else echo "sqlite:////tmp/spolu-bench-$2.sqlite"; fi
}

for database in $DATABASES; do
  for scale in $SCALES; do
    url=$(url_for "$database" "$scale")
    if [ "$database" = postgresql ]; then
      $PY - "$PG" "spolu_bench_$scale" <<'EOF'
import sys
from sqlalchemy import create_engine, text
engine = create_engine(sys.argv[1].replace("postgresql://", "postgresql+psycopg://", 1) + "/postgres",
                       isolation_level="AUTOCOMMIT")
with engine.connect() as connection:
    connection.execute(text(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)'))
    connection.execute(text(f'CREATE DATABASE "{sys.argv[2]}" ENCODING \'UTF8\' TEMPLATE template0'))
EOF
    else
      rm -f "/tmp/spolu-bench-$scale.sqlite"
    fi
    DATABASE_URL=$url DATABASE_STATEMENT_TIMEOUT=0 $FLASK db upgrade
    DATABASE_URL=$url DATABASE_STATEMENT_TIMEOUT=0 $FLASK generate-data --scale "$scale" | tee "$OUT/generate-$database-$scale.txt"
    $PY bench/load.py --database-url "$url" --save "$OUT/$database-$scale.json" | tee "$OUT/load-$database-$scale.txt"
  done
  if [ -f "$OUT/$database-small.json" ] && [ -f "$OUT/$database-region.json" ]; then
    $PY bench/load.py --compare "$OUT/$database-small.json" "$OUT/$database-region.json"
  fi
done
