"""Comment counters on the thread: visible comments in all and by stance.

A comment counts while it is neither hidden by a moderator nor deleted by its
author. Triggers on `comment` keep `thread.comment_count` and the three stance
columns in the same transaction as the insert, the hiding or unhiding, the
deletion or the cascade; see participation/common/counters.py.
"""

from participation.common import counters

STANCES = ("for", "against", "neutral")


def _visible(row: str) -> str:
    return f"({row}.hidden_at IS NULL AND {row}.deleted_at IS NULL)"


def _set(row: str, sign: str) -> str:
    stance_columns = ", ".join(
        f"{stance}_count = {stance}_count {sign} (CASE WHEN {row}.stance = '{stance}' THEN 1 ELSE 0 END)"
        for stance in STANCES
    )
    return f"UPDATE thread SET comment_count = comment_count {sign} 1, {stance_columns} WHERE id = {row}.thread_id"


_CHANGED = ("(OLD.hidden_at IS NULL AND OLD.deleted_at IS NULL) <> (NEW.hidden_at IS NULL AND NEW.deleted_at IS NULL)"
            " OR OLD.stance IS NOT NEW.stance OR OLD.thread_id IS NOT NEW.thread_id")

SQLITE = [
    f"CREATE TRIGGER comment_counts_insert AFTER INSERT ON comment WHEN {_visible('NEW')} BEGIN\n"
    f"{_set('NEW', '+')};\nEND",
    f"CREATE TRIGGER comment_counts_delete AFTER DELETE ON comment WHEN {_visible('OLD')} BEGIN\n"
    f"{_set('OLD', '-')};\nEND",
    f"CREATE TRIGGER comment_counts_update AFTER UPDATE ON comment WHEN {_CHANGED} BEGIN\n"
    f"{_set('OLD', '-')} AND {_visible('OLD')};\n{_set('NEW', '+')} AND {_visible('NEW')};\nEND",
]

POSTGRESQL = [
    f"""
CREATE OR REPLACE FUNCTION spolu_comment_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND {_visible('OLD')} THEN
        {_set('OLD', '-')};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND {_visible('NEW')} THEN
        {_set('NEW', '+')};
    END IF;
    RETURN NULL;
END
$$
""",
    "CREATE TRIGGER comment_counts AFTER INSERT OR DELETE ON comment "
    "FOR EACH ROW EXECUTE FUNCTION spolu_comment_counts()",
    "CREATE TRIGGER comment_counts_update AFTER UPDATE ON comment FOR EACH ROW "
    "WHEN ((OLD.hidden_at IS NULL AND OLD.deleted_at IS NULL) IS DISTINCT FROM "
    "(NEW.hidden_at IS NULL AND NEW.deleted_at IS NULL) OR OLD.stance IS DISTINCT FROM NEW.stance "
    "OR OLD.thread_id IS DISTINCT FROM NEW.thread_id) EXECUTE FUNCTION spolu_comment_counts()",
]

_VISIBLE = "hidden_at IS NULL AND deleted_at IS NULL"
CHECKS = {
    "comments.visible": (
        "SELECT id, comment_count FROM thread WHERE comment_count <> 0",
        f"SELECT thread_id, count(*) FROM comment WHERE {_VISIBLE} GROUP BY thread_id",
    ),
    **{
        f"comments.{stance}": (
            f"SELECT id, {stance}_count FROM thread WHERE {stance}_count <> 0",
            f"SELECT thread_id, count(*) FROM comment WHERE {_VISIBLE} AND stance = '{stance}' GROUP BY thread_id",
        )
        for stance in STANCES
    },
}


STORED = {
    "comments.visible": counters.Stored("thread", ("id",), "comment_count"),
    **{f"comments.{stance}": counters.Stored("thread", ("id",), f"{stance}_count") for stance in STANCES},
}


counters.register(counters.CounterSet(
    name="comments", sqlite=SQLITE, postgresql=POSTGRESQL,
    drop=["DROP TRIGGER IF EXISTS comment_counts_insert", "DROP TRIGGER IF EXISTS comment_counts_delete",
          "DROP TRIGGER IF EXISTS comment_counts_update"],
    drop_postgresql=["DROP TRIGGER IF EXISTS comment_counts ON comment",
                     "DROP TRIGGER IF EXISTS comment_counts_update ON comment"],
    checks=CHECKS, stored=STORED,
    writes={"comment": ("thread",)},
))
