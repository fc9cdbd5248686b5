"""Full-text search that understands Czech word forms, the same on PostgreSQL and SQLite.

PostgreSQL has no Czech dictionary, so words are prepared here, in Python, on
both sides: folded (lower case, no diacritics: "Ústí" -> "usti"), stripped of
function words, and cut by a light suffix stemmer ("silnice", "silnici",
"silnic" -> "silnic"). A searchable row keeps its stems in `search_index`,
written by a session event whenever one of its `__search_fields__` changes, so
the index is exact after every write, whichever service wrote it.

A query's stem matches any stored stem it begins ("ust" finds "ustecky"). On
PostgreSQL that is `to_tsvector('simple', search_index) @@ 'stem:*'`, served by
a GIN index; elsewhere a LIKE on the space-separated stems. Both answer alike.
"""

import re

from sqlalchemy import Index, String, Text, func, inspect, or_, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import ColumnElement

from participation.common.text import fold

WORD = re.compile(r"[a-z0-9]+")
MIN_WORD = 2
MAX_QUERY_WORDS = 8
MAX_INDEX_CHARS = 20_000  # the stems of a very long body: enough to find it, never a huge row

# Words that tell nothing apart (folded): prepositions, conjunctions, pronouns.
FUNCTION_WORDS = frozenset("""
a aby ac ale ani az bez by byl byla bylo byt ci co do i jak jako je jeho jeji jejich jen jsem jsme jsou
k ke kde kdy kdyz ktera ktere kteri ktery mezi mi mu na nad nam nas ne nebo neni o od ony pak po pod pro
proc protoze pri s se si sve ta tak take tam te ten tedy to tu ty u uz v ve vsak z za ze zda
""".split())

# Czech case and number endings, folded, longest first. A stem keeps at least three letters.
SUFFIXES = tuple(sorted("""
atech etem atum ech ich ach ych ami emi imi ymi emu imu ymu eho iho ete eti ata aty
ou em im ym am es um at a e i o u y
""".split(), key=len, reverse=True))
MIN_STEM = 3


# Consonants that soften before -e and -i ("lávka", "v lávce"; "Praha", "v Praze"): the hard form
# is kept beside the soft one, so that either form finds the other.
SOFTENED = {"c": "k", "z": "h"}


def stem(word: str) -> str:
    """A folded word without its case ending: "silnici" -> "silnic", "usti" -> "ust"; digits unchanged."""
    return variants(word)[0]


def variants(word: str) -> tuple[str, ...]:
    """The word's stem, and after a softened consonant also its hard form: "lavce" -> ("lavc", "lavk")."""
    if word.isdigit():
        return (word,)
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            stemmed = word[: -len(suffix)]
            hard = SOFTENED.get(stemmed[-1]) if suffix in ("e", "i") else None
            return (stemmed, stemmed[:-1] + hard) if hard else (stemmed,)
    return (word,)


def _words(text: str | None) -> list[tuple[str, ...]]:
    """Each meaningful word's variants, once per distinct word, in order."""
    found: dict[tuple[str, ...], None] = {}
    for word in WORD.findall(fold(text)):
        if len(word) >= MIN_WORD and word not in FUNCTION_WORDS:
            found.setdefault(variants(word))
    return list(found)


def stems(text: str | None) -> list[str]:
    """The distinct stems (with their hard forms) of a text's meaningful words, in order."""
    return list(dict.fromkeys(stem_ for word in _words(text) for stem_ in word))


def index_text(*texts: str | None) -> str:
    """What `search_index` stores: the stems, space-separated, with a space before each."""
    joined = "".join(f" {s}" for s in stems(" ".join(t or "" for t in texts)))
    return joined[:MAX_INDEX_CHARS].rsplit(" ", 1)[0] if len(joined) > MAX_INDEX_CHARS else joined


def query_stems(query: str | None) -> list[tuple[str, ...]]:
    """The words a query searches for (at most MAX_QUERY_WORDS), each as its stem's variants; empty
    when nothing is searchable. Every word must match, through any of its variants."""
    return _words(query)[:MAX_QUERY_WORDS]


class Searchable:
    """A table site search reads: `search_index` holds the stems of its `__search_fields__`."""

    __search_fields__: tuple[str, ...] = ()
    search_index: Mapped[str] = mapped_column(Text, default="", server_default="")


def stems_index(model) -> Index:
    """PostgreSQL's GIN index over a searchable table's stems (other databases scan the column)."""
    expression = func.to_tsvector(text("'simple'"), model.__table__.c.search_index)
    return Index(f"ix_{model.__tablename__}_search_index", expression, postgresql_using="gin").ddl_if(
        dialect="postgresql")


class StemMatch(ColumnElement):
    """SQL: the stems column holds a stem beginning with `prefix` (compiled per database)."""

    inherit_cache = False
    type = String()

    def __init__(self, column, prefix: str):
        if not WORD.fullmatch(prefix):
            raise ValueError("a stem is made of a-z and digits only")
        self.column = column
        self.prefix = prefix


@compiles(StemMatch)
def _like(element, compiler, **kw):
    column = compiler.process(element.column, **kw)
    return f"({column} LIKE '% {element.prefix}%')"


@compiles(StemMatch, "postgresql")
def _tsquery(element, compiler, **kw):
    column = compiler.process(element.column, **kw)
    return f"(to_tsvector('simple', {column}) @@ to_tsquery('simple', '{element.prefix}:*'))"


def matches(column, word: tuple[str, ...]):
    """The condition: the item's stems (`column`) hold one beginning with a variant of the word."""
    return or_(*[StemMatch(column, prefix) for prefix in word])


def item_matches(model, word: tuple[str, ...]):
    """The condition on a Searchable model: its id is among the rows whose stems match the word.

    A subquery, so that PostgreSQL reads the GIN index even when the caller ORs this with
    another condition (the municipalities an item touches) instead of scanning every row.
    """
    return model.id.in_(select(model.id).where(matches(model.search_index, word)))


def name_matches(search_name_column, word: tuple[str, ...]):
    """The condition on a folded name (`search_name`): one of its words begins with a variant of the word."""
    return or_(*[(" " + search_name_column).like(f"% {prefix}%") for prefix in word])


def index_before_flush(session, flush_context, instances) -> None:
    """A session event: new rows, and rows whose searched fields changed, get their stems again."""
    for obj in (*session.new, *session.dirty):
        fields = getattr(type(obj), "__search_fields__", None)
        if not fields:
            continue
        state = inspect(obj)
        if obj in session.dirty and not any(state.attrs[name].history.has_changes() for name in fields):
            continue
        with session.no_autoflush:  # a field expired since the last commit is read back, never flushed early
            obj.search_index = index_text(*(getattr(obj, name) or "" for name in fields))
