"""Follower counters: how many people follow each proposal, place, agreement...

`follower_count` rows (subject type, id, followers) change with every `follow`
row, by triggers; see participation/common/counters.py.
"""

from participation.common import counters

# Follow's target columns, "<subject type>_id"; exactly one is set on each row.
SUBJECTS = ("proposal", "municipality", "grouping", "agreement", "project", "consultation", "locality")


def _type(row: str) -> str:
    cases = " ".join(f"WHEN {row}.{s}_id IS NOT NULL THEN '{s}'" for s in SUBJECTS)
    return f"(CASE {cases} END)"


def _id(row: str) -> str:
    return "COALESCE(" + ", ".join(f"{row}.{s}_id" for s in SUBJECTS) + ")"


def _add(row: str) -> str:
    return (f"INSERT INTO follower_count (subject_type, subject_id, followers) "
            f"SELECT {_type(row)}, {_id(row)}, 1 WHERE {_id(row)} IS NOT NULL "
            f"ON CONFLICT (subject_type, subject_id) DO UPDATE SET followers = follower_count.followers + 1")


def _take(row: str) -> str:
    return (f"UPDATE follower_count SET followers = followers - 1 "
            f"WHERE subject_type = {_type(row)} AND subject_id = {_id(row)}")


_TARGETS_CHANGED = " OR ".join(f"OLD.{s}_id IS NOT NEW.{s}_id" for s in SUBJECTS)

SQLITE = [
    f"CREATE TRIGGER follow_counts_insert AFTER INSERT ON follow BEGIN\n{_add('NEW')};\nEND",
    f"CREATE TRIGGER follow_counts_delete AFTER DELETE ON follow BEGIN\n{_take('OLD')};\nEND",
    f"CREATE TRIGGER follow_counts_update AFTER UPDATE ON follow WHEN {_TARGETS_CHANGED} BEGIN\n"
    f"{_take('OLD')};\n{_add('NEW')};\nEND",
]

POSTGRESQL = [
    f"""
CREATE OR REPLACE FUNCTION spolu_follow_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {_take('OLD')};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_add('NEW')};
    END IF;
    RETURN NULL;
END
$$
""",
    "CREATE TRIGGER follow_counts AFTER INSERT OR DELETE ON follow "
    "FOR EACH ROW EXECUTE FUNCTION spolu_follow_counts()",
    "CREATE TRIGGER follow_counts_update AFTER UPDATE ON follow FOR EACH ROW WHEN ("
    + " OR ".join(f"OLD.{s}_id IS DISTINCT FROM NEW.{s}_id" for s in SUBJECTS)
    + ") EXECUTE FUNCTION spolu_follow_counts()",
]

CHECKS = {
    "follows.followers": (
        "SELECT subject_type, subject_id, followers FROM follower_count WHERE followers <> 0",
        " UNION ALL ".join(
            f"SELECT '{s}', {s}_id, count(*) FROM follow WHERE {s}_id IS NOT NULL GROUP BY {s}_id"
            for s in SUBJECTS
        ),
    ),
}


STORED = {
    "follows.followers": counters.Stored("follower_count", ("subject_type", "subject_id"), "followers",
                                         creates_rows=True),
}


counters.register(counters.CounterSet(
    name="follows", sqlite=SQLITE, postgresql=POSTGRESQL,
    drop=["DROP TRIGGER IF EXISTS follow_counts_insert", "DROP TRIGGER IF EXISTS follow_counts_delete",
          "DROP TRIGGER IF EXISTS follow_counts_update"],
    drop_postgresql=["DROP TRIGGER IF EXISTS follow_counts ON follow",
                     "DROP TRIGGER IF EXISTS follow_counts_update ON follow"],
    checks=CHECKS, stored=STORED,
    writes={"follow": ("follower_count",)},
))
