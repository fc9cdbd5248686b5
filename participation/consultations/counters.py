"""Stored results of consultations: kept per answer while open, complete when closed.

`consultation_tally` holds every number the results page shows, per
question, option (or scale value) and municipality and source, and the
turnout per municipality and source. Triggers on `consultation_response`
and `consultation_answer` add and take away in the same transaction as the
answering, the re-answering (answers replaced), withdrawing one's answers,
a paper questionnaire recorded at the office or deleting the consultation,
so the results page reads one small table however many people answered.
See participation/common/counters.py.

Respondents to a question are counted once per response: an answer row adds
one when no earlier row of the same response and question exists, and takes
one away when it was the last such row. PostgreSQL runs the row triggers of
a multi-row INSERT after every row is in (so "no row with a lower id") and
checks deletions BEFORE each row goes (so the last row of a response left
standing does the counting).
"""

from participation.common import counters

_TALLY_KEYS = ("consultation_id", "kind", "question_id", "key", "municipality_id", "source")
_KEYS = "(" + ", ".join(_TALLY_KEYS) + ")"
_COLUMNS = "(consultation_id, kind, question_id, key, municipality_id, source, count, rank_sum, first_places)"


def _upsert(row: str, kind: str, question: str, key: str, rank_sum: str = "0", first: str = "0",
            where: str = "") -> str:
    condition = f" WHERE {where}" if where else " WHERE 1 = 1"
    return (
        f"INSERT INTO consultation_tally {_COLUMNS} "
        f"SELECT {row}.consultation_id, '{kind}', {question}, {key}, {row}.municipality_id, {row}.source, "
        f"1, {rank_sum}, {first}{condition} "
        f"ON CONFLICT {_KEYS} DO UPDATE SET count = consultation_tally.count + 1, "
        "rank_sum = consultation_tally.rank_sum + excluded.rank_sum, "
        "first_places = consultation_tally.first_places + excluded.first_places"
    )


def _take(row: str, kind: str, question: str, key: str, rank_sum: str = "0", first: str = "0",
          where: str = "") -> str:
    extra = f" AND {where}" if where else ""
    return (
        f"UPDATE consultation_tally SET count = count - 1, rank_sum = rank_sum - {rank_sum}, "
        f"first_places = first_places - {first} "
        f"WHERE consultation_id = {row}.consultation_id AND kind = '{kind}' AND question_id = {question} "
        f"AND key = {key} AND municipality_id = {row}.municipality_id AND source = {row}.source{extra}"
    )


def _first(row: str) -> str:
    return f"(CASE WHEN {row}.rank = 1 THEN 1 ELSE 0 END)"


def _answer_add(row: str = "NEW") -> list[str]:
    alone = (f"NOT EXISTS (SELECT 1 FROM consultation_answer other WHERE other.response_id = {row}.response_id "
             f"AND other.question_id = {row}.question_id AND other.id < {row}.id)")
    return [
        _upsert(row, "respondents", f"{row}.question_id", "0", where=alone),
        _upsert(row, "option", f"{row}.question_id", f"{row}.option_id", f"COALESCE({row}.rank, 0)",
                _first(row), where=f"{row}.option_id IS NOT NULL"),
        _upsert(row, "scale", f"{row}.question_id", f"{row}.scale_value", where=f"{row}.scale_value IS NOT NULL"),
    ]


def _answer_take(row: str = "OLD") -> list[str]:
    last = (f"NOT EXISTS (SELECT 1 FROM consultation_answer other WHERE other.response_id = {row}.response_id "
            f"AND other.question_id = {row}.question_id AND other.id <> {row}.id)")
    return [
        _take(row, "respondents", f"{row}.question_id", "0", where=last),
        _take(row, "option", f"{row}.question_id", f"{row}.option_id", f"COALESCE({row}.rank, 0)",
              _first(row), where=f"{row}.option_id IS NOT NULL"),
        _take(row, "scale", f"{row}.question_id", f"{row}.scale_value", where=f"{row}.scale_value IS NOT NULL"),
    ]


def _turnout_add(row: str) -> str:
    return _upsert(row, "turnout", "0", "0")


def _turnout_take(row: str) -> str:
    return _take(row, "turnout", "0", "0")


def _body(statements: list[str]) -> str:
    return "".join(f"{statement};\n" for statement in statements)


_RESPONSE_MOVED = "OLD.municipality_id IS NOT NEW.municipality_id OR OLD.source IS NOT NEW.source"
_ANSWER_MOVED = ("OLD.municipality_id IS NOT NEW.municipality_id OR OLD.source IS NOT NEW.source "
                 "OR OLD.option_id IS NOT NEW.option_id OR OLD.scale_value IS NOT NEW.scale_value "
                 "OR OLD.rank IS NOT NEW.rank OR OLD.question_id IS NOT NEW.question_id")

SQLITE = [
    f"CREATE TRIGGER tally_response_insert AFTER INSERT ON consultation_response BEGIN\n"
    f"{_body([_turnout_add('NEW')])}END",
    f"CREATE TRIGGER tally_response_delete AFTER DELETE ON consultation_response BEGIN\n"
    f"{_body([_turnout_take('OLD')])}END",
    f"CREATE TRIGGER tally_response_update AFTER UPDATE ON consultation_response WHEN {_RESPONSE_MOVED} BEGIN\n"
    f"{_body([_turnout_take('OLD'), _turnout_add('NEW')])}END",
    f"CREATE TRIGGER tally_answer_insert AFTER INSERT ON consultation_answer BEGIN\n{_body(_answer_add())}END",
    # SQLite runs row triggers as each row goes: rows of the same statement still to go are there.
    f"CREATE TRIGGER tally_answer_delete AFTER DELETE ON consultation_answer BEGIN\n{_body(_answer_take())}END",
]


def _plpgsql(name: str, body: str) -> str:
    return f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}END\n$$"


POSTGRESQL = [
    _plpgsql("spolu_tally_response", (
        "IF TG_OP IN ('DELETE', 'UPDATE') THEN\n" + _body([_turnout_take("OLD")]) + "END IF;\n"
        "IF TG_OP IN ('INSERT', 'UPDATE') THEN\n" + _body([_turnout_add("NEW")]) + "END IF;\n"
        "RETURN NULL;\n"
    )),
    "CREATE TRIGGER tally_response AFTER INSERT OR DELETE ON consultation_response "
    "FOR EACH ROW EXECUTE FUNCTION spolu_tally_response()",
    "CREATE TRIGGER tally_response_update AFTER UPDATE ON consultation_response FOR EACH ROW "
    "WHEN (OLD.municipality_id IS DISTINCT FROM NEW.municipality_id OR OLD.source IS DISTINCT FROM NEW.source) "
    "EXECUTE FUNCTION spolu_tally_response()",
    _plpgsql("spolu_tally_answer_insert", _body(_answer_add()) + "RETURN NULL;\n"),
    "CREATE TRIGGER tally_answer_insert AFTER INSERT ON consultation_answer "
    "FOR EACH ROW EXECUTE FUNCTION spolu_tally_answer_insert()",
    # BEFORE: rows of the same statement already gone are invisible, those still to go are there.
    _plpgsql("spolu_tally_answer_delete", _body(_answer_take()) + "RETURN OLD;\n"),
    "CREATE TRIGGER tally_answer_delete BEFORE DELETE ON consultation_answer "
    "FOR EACH ROW EXECUTE FUNCTION spolu_tally_answer_delete()",
]

_TURNOUT = ("SELECT consultation_id, 'turnout', 0, 0, municipality_id, source, count(*) "
            "FROM consultation_response GROUP BY consultation_id, municipality_id, source")
_RESPONDENTS = ("SELECT consultation_id, 'respondents', question_id, 0, municipality_id, source, "
                "count(DISTINCT response_id) FROM consultation_answer "
                "GROUP BY consultation_id, question_id, municipality_id, source")
_OPTIONS = ("SELECT consultation_id, 'option', question_id, option_id, municipality_id, source, {value} "
            "FROM consultation_answer WHERE option_id IS NOT NULL "
            "GROUP BY consultation_id, question_id, option_id, municipality_id, source")
_SCALE = ("SELECT consultation_id, 'scale', question_id, scale_value, municipality_id, source, count(*) "
          "FROM consultation_answer WHERE scale_value IS NOT NULL "
          "GROUP BY consultation_id, question_id, scale_value, municipality_id, source")
_STORED = ("SELECT consultation_id, kind, question_id, key, municipality_id, source, {column} "
           "FROM consultation_tally WHERE {column} <> 0")

CHECKS = {
    "consultations.count": (
        _STORED.format(column="count"),
        " UNION ALL ".join([_TURNOUT, _RESPONDENTS, _OPTIONS.format(value="count(*)"), _SCALE]),
    ),
    "consultations.rank_sum": (
        _STORED.format(column="rank_sum"), _OPTIONS.format(value="COALESCE(sum(rank), 0)"),
    ),
    "consultations.first_places": (
        _STORED.format(column="first_places"),
        _OPTIONS.format(value="sum(CASE WHEN rank = 1 THEN 1 ELSE 0 END)"),
    ),
}


STORED = {
    f"consultations.{column}": counters.Stored("consultation_tally", _TALLY_KEYS, column, creates_rows=True)
    for column in ("count", "rank_sum", "first_places")
}


counters.register(counters.CounterSet(
    name="consultations", sqlite=SQLITE, postgresql=POSTGRESQL,
    drop=[f"DROP TRIGGER IF EXISTS {name}" for name in (
        "tally_response_insert", "tally_response_delete", "tally_response_update",
        "tally_answer_insert", "tally_answer_delete")],
    drop_postgresql=[
        "DROP TRIGGER IF EXISTS tally_response ON consultation_response",
        "DROP TRIGGER IF EXISTS tally_response_update ON consultation_response",
        "DROP TRIGGER IF EXISTS tally_answer_insert ON consultation_answer",
        "DROP TRIGGER IF EXISTS tally_answer_delete ON consultation_answer",
    ],
    checks=CHECKS, stored=STORED,
    writes={"consultation_response": ("consultation_tally",), "consultation_answer": ("consultation_tally",)},
))
