"""Running a site search: the query read from the address, the counts per kind, the rows shown.

A fixed number of queries whatever the data: one for every kind's count, then
one (plus its selectinload) for each kind that has results.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.common import search
from participation.common.pagination import Page
from participation.common.text import strip_bidi_controls
from participation.common.validation import CONTROL_CHARACTERS
from participation.extensions import db
from participation.search.kinds import KINDS, Kind

MAX_QUERY = 100
SHOWN_PER_KIND = 5


@dataclass
class SearchQuery:
    """What was typed, cleaned; the stems to search for; a message to show next to the box."""

    text: str = ""
    words: list[tuple[str, ...]] = field(default_factory=list)
    message: str = ""


def read_query(raw: str | None) -> SearchQuery:
    """The query from the address: control characters out, at most MAX_QUERY characters, a message why."""
    raw = raw or ""
    cleaned = " ".join(strip_bidi_controls(CONTROL_CHARACTERS.sub(" ", raw)).split())
    messages = []
    if cleaned != " ".join(raw.split()):
        messages.append(_("Characters that cannot be part of a text were left out."))
    if len(cleaned) > MAX_QUERY:
        cleaned = cleaned[:MAX_QUERY].rstrip()
        messages.append(_("A search may be at most %(num)s characters long; only the first %(num)s were searched.",
                          num=MAX_QUERY))
    words = search.query_stems(cleaned)
    if cleaned and not words:
        messages.append(_("Type at least two letters of a word to search for."))
    return SearchQuery(cleaned, words, " ".join(messages))


@dataclass
class Group:
    """One kind's results: its first few rows (or one page of them) and how many there are."""

    kind: Kind
    total: int
    items: list


@dataclass
class Found:
    counts: dict[str, int] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    page: Page | None = None  # with one kind chosen: that kind's page

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def counts(user, words: list[tuple[str, ...]]) -> dict[str, int]:
    """How many visible rows of each kind match, in one query."""
    columns = [
        select(func.count()).select_from(kind.statement(user, words).order_by(None).subquery())
        .scalar_subquery().label(kind.name)
        for kind in KINDS
    ]
    return dict(db.session.execute(select(*columns)).one()._mapping)


def run(user, query: SearchQuery, kind: Kind | None, page: int, per_page: int) -> Found:
    """Every kind's count and first rows, or (with `kind`) that kind's page."""
    if not query.words:
        return Found()
    found = Found(counts=counts(user, query.words))
    if kind is not None:
        total = found.counts[kind.name]
        rows = _rows(kind, user, query.words, per_page, (page - 1) * per_page) if total else []
        found.page = Page(items=rows, page=page, per_page=per_page, total=total)
        found.groups = [Group(kind, total, rows)]
        return found
    found.groups = [Group(k, found.counts[k.name], _rows(k, user, query.words, SHOWN_PER_KIND, 0))
                    for k in KINDS if found.counts[k.name]]
    return found


def _rows(kind: Kind, user, words, limit: int, offset: int) -> list:
    return list(db.session.scalars(kind.statement(user, words).limit(limit).offset(offset)).unique())
