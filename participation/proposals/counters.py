"""Support counters: per proposal, and per (proposal, home municipality).

`proposal.supporter_count`, `proposal.supporting_municipality_count` and the
`proposal_support_count` rows (supporters and paper supporters per home
municipality) change in the same transaction as the `support` row, by
triggers: online supports, paper supports filed at the office, merges
(supports moved or dropped), deleting a proposal or an account all keep
them exact. See participation/common/counters.py.
"""

from participation.common import counters

_PAPER = "CASE WHEN {row}.source = 'paper' THEN 1 ELSE 0 END"


def _sqlite_add(row: str, sign: str) -> list[str]:
    paper = _PAPER.format(row=row)
    statements = [
        f"UPDATE proposal SET supporter_count = supporter_count {sign} 1 WHERE id = {row}.proposal_id;",
    ]
    if sign == "+":
        statements += [
            "INSERT INTO proposal_support_count (proposal_id, municipality_id, supporters, paper_supporters) "
            f"VALUES ({row}.proposal_id, {row}.municipality_id, 1, {paper}) "
            "ON CONFLICT (proposal_id, municipality_id) DO UPDATE SET supporters = supporters + 1, "
            "paper_supporters = paper_supporters + excluded.paper_supporters;",
            "UPDATE proposal SET supporting_municipality_count = supporting_municipality_count + 1 "
            f"WHERE id = {row}.proposal_id AND (SELECT supporters FROM proposal_support_count "
            f"WHERE proposal_id = {row}.proposal_id AND municipality_id = {row}.municipality_id) = 1;",
        ]
    else:
        statements += [
            f"UPDATE proposal_support_count SET supporters = supporters - 1, "
            f"paper_supporters = paper_supporters - {paper} "
            f"WHERE proposal_id = {row}.proposal_id AND municipality_id = {row}.municipality_id;",
            "UPDATE proposal SET supporting_municipality_count = supporting_municipality_count - 1 "
            f"WHERE id = {row}.proposal_id AND (SELECT supporters FROM proposal_support_count "
            f"WHERE proposal_id = {row}.proposal_id AND municipality_id = {row}.municipality_id) = 0;",
        ]
    return statements


_MOVED = ("OLD.proposal_id IS NOT NEW.proposal_id OR OLD.municipality_id IS NOT NEW.municipality_id "
          "OR OLD.source IS NOT NEW.source")

SQLITE = [
    "CREATE TRIGGER support_counts_insert AFTER INSERT ON support BEGIN\n"
    + "\n".join(_sqlite_add("NEW", "+")) + "\nEND",
    "CREATE TRIGGER support_counts_delete AFTER DELETE ON support BEGIN\n"
    + "\n".join(_sqlite_add("OLD", "-")) + "\nEND",
    f"CREATE TRIGGER support_counts_update AFTER UPDATE ON support WHEN {_MOVED} BEGIN\n"
    + "\n".join(_sqlite_add("OLD", "-") + _sqlite_add("NEW", "+")) + "\nEND",
]

POSTGRESQL = [
    """
CREATE OR REPLACE FUNCTION spolu_support_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (OLD.proposal_id IS DISTINCT FROM NEW.proposal_id
            OR OLD.municipality_id IS DISTINCT FROM NEW.municipality_id OR OLD.source IS DISTINCT FROM NEW.source)) THEN
        UPDATE proposal SET supporter_count = supporter_count - 1 WHERE id = OLD.proposal_id;
        UPDATE proposal_support_count SET supporters = supporters - 1,
               paper_supporters = paper_supporters - (CASE WHEN OLD.source = 'paper' THEN 1 ELSE 0 END)
         WHERE proposal_id = OLD.proposal_id AND municipality_id = OLD.municipality_id
        RETURNING supporters INTO n;
        IF n = 0 THEN
            UPDATE proposal SET supporting_municipality_count = supporting_municipality_count - 1
             WHERE id = OLD.proposal_id;
        END IF;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (OLD.proposal_id IS DISTINCT FROM NEW.proposal_id
            OR OLD.municipality_id IS DISTINCT FROM NEW.municipality_id OR OLD.source IS DISTINCT FROM NEW.source)) THEN
        UPDATE proposal SET supporter_count = supporter_count + 1 WHERE id = NEW.proposal_id;
        INSERT INTO proposal_support_count (proposal_id, municipality_id, supporters, paper_supporters)
        VALUES (NEW.proposal_id, NEW.municipality_id, 1, CASE WHEN NEW.source = 'paper' THEN 1 ELSE 0 END)
        ON CONFLICT (proposal_id, municipality_id) DO UPDATE
            SET supporters = proposal_support_count.supporters + 1,
                paper_supporters = proposal_support_count.paper_supporters + excluded.paper_supporters
        RETURNING supporters INTO n;
        IF n = 1 THEN
            UPDATE proposal SET supporting_municipality_count = supporting_municipality_count + 1
             WHERE id = NEW.proposal_id;
        END IF;
    END IF;
    RETURN NULL;
END
$$
""",
    "CREATE TRIGGER support_counts AFTER INSERT OR DELETE OR UPDATE ON support "
    "FOR EACH ROW EXECUTE FUNCTION spolu_support_counts()",
]

DROP = [
    "DROP TRIGGER IF EXISTS support_counts_insert",
    "DROP TRIGGER IF EXISTS support_counts_delete",
    "DROP TRIGGER IF EXISTS support_counts_update",
]
POSTGRESQL_DROP = ["DROP TRIGGER IF EXISTS support_counts ON support"]

CHECKS = {
    "proposals.supporters": (
        "SELECT id, supporter_count FROM proposal WHERE supporter_count <> 0",
        "SELECT proposal_id, count(*) FROM support GROUP BY proposal_id",
    ),
    "proposals.municipalities": (
        "SELECT id, supporting_municipality_count FROM proposal WHERE supporting_municipality_count <> 0",
        "SELECT proposal_id, count(DISTINCT municipality_id) FROM support GROUP BY proposal_id",
    ),
    "proposals.by_municipality": (
        "SELECT proposal_id, municipality_id, supporters FROM proposal_support_count WHERE supporters <> 0",
        "SELECT proposal_id, municipality_id, count(*) FROM support GROUP BY proposal_id, municipality_id",
    ),
    "proposals.paper_by_municipality": (
        "SELECT proposal_id, municipality_id, paper_supporters FROM proposal_support_count "
        "WHERE paper_supporters <> 0",
        "SELECT proposal_id, municipality_id, count(*) FROM support WHERE source = 'paper' "
        "GROUP BY proposal_id, municipality_id",
    ),
}


_PER_MUNICIPALITY = ("proposal_id", "municipality_id")
STORED = {
    "proposals.supporters": counters.Stored("proposal", ("id",), "supporter_count"),
    "proposals.municipalities": counters.Stored("proposal", ("id",), "supporting_municipality_count"),
    "proposals.by_municipality": counters.Stored("proposal_support_count", _PER_MUNICIPALITY, "supporters",
                                                 creates_rows=True),
    "proposals.paper_by_municipality": counters.Stored("proposal_support_count", _PER_MUNICIPALITY,
                                                       "paper_supporters", creates_rows=True),
}


counters.register(counters.CounterSet(
    name="proposals", sqlite=SQLITE, postgresql=POSTGRESQL,
    drop=DROP, drop_postgresql=POSTGRESQL_DROP, checks=CHECKS, stored=STORED,
    writes={"support": ("proposal", "proposal_support_count")},
))
