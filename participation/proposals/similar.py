"""Published proposals that look like the one being written, so a resident can support one instead.

Portable on every database: the title's words are folded (lower case, no
diacritics), stripped of common words and cut to a short stem (Czech changes
word endings: "autobus", "autobusy", "autobusového"), and candidates are the
open proposals whose folded title and body (Proposal.search_text) contain any
stem. They are scored by word overlap, title words counting double, and
those touching the writer's municipalities come first. Three queries, whatever
the number of proposals.
"""

import re
from dataclasses import dataclass

from sqlalchemy import exists, false, or_, select
from sqlalchemy.orm import selectinload

from participation.common.text import fold
from participation.extensions import db
from participation.proposals.models import OPEN_STATUSES, Proposal, proposal_municipality

MAX_WORDS = 8
MAX_CANDIDATES = 200
SHOWN = 5
# At least this share of the title's words must be found (title words count double).
MIN_SCORE = 0.34
# Folded words too common to tell proposals apart.
STOPWORDS = frozenset("""
a aby ale ani az bez by byt co do i jak jako je jejich jen jsou k ke kde kdy ktera ktere ktery
mezi na nad nebo nei neni o od po pod pro proc protoze pri s se si so tak take tam to u uz v ve
vice za ze zde obec obce obci mesto mesta nas nase nasi the and for of to in on with our
""".split())

WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    return word[:max(4, min(5, len(word) - 1))] if len(word) > 4 else word


def keywords(text: str | None) -> list[str]:
    """Distinct stems of the meaningful words of a text, in order, at most MAX_WORDS."""
    stems: list[str] = []
    for word in WORD.findall(fold(text)):
        if len(word) < 3 or word in STOPWORDS:
            continue
        stem = _stem(word)
        if stem not in stems:
            stems.append(stem)
    return stems[:MAX_WORDS]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _score(stems: list[str], title: str, search_text: str) -> float:
    title_words = WORD.findall(fold(title))
    text_words = set(WORD.findall(search_text or ""))
    points = 0
    for stem in stems:
        if any(word.startswith(stem) for word in title_words):
            points += 2
        elif any(word.startswith(stem) for word in text_words):
            points += 1
    return points / (2 * len(stems))


@dataclass(frozen=True)
class Similar:
    proposal: Proposal
    same_place: bool
    score: float


def find_similar(title: str | None, municipality_ids=(), exclude_id: int | None = None,
                 limit: int = SHOWN) -> list[Similar]:
    """Open, shown proposals whose words overlap the title's; the writer's municipalities first."""
    stems = keywords(title)
    if not stems:
        return []
    municipality_ids = [int(m) for m in municipality_ids or () if str(m).isdigit()][:50]
    same_place = (
        exists(select(proposal_municipality.c.proposal_id).where(
            proposal_municipality.c.proposal_id == Proposal.id,
            proposal_municipality.c.municipality_id.in_(municipality_ids)))
        if municipality_ids else false()
    ).label("same_place")
    statement = (
        select(Proposal.id, Proposal.title, Proposal.search_text, same_place)
        .where(Proposal.status.in_(OPEN_STATUSES), Proposal.hidden_at.is_(None),
               or_(*[Proposal.search_text.like(f"%{_escape_like(stem)}%", escape="\\") for stem in stems]))
        .order_by(same_place.desc(), Proposal.last_activity_at.desc(), Proposal.id.desc())
        .limit(MAX_CANDIDATES)
    )
    if exclude_id is not None:
        statement = statement.where(Proposal.id != exclude_id)
    scored = []
    for proposal_id, found_title, search_text, in_place in db.session.execute(statement):
        score = _score(stems, found_title, search_text)
        if score >= MIN_SCORE:
            scored.append((bool(in_place), score, proposal_id))
    scored.sort(key=lambda row: (not row[0], -row[1]))
    chosen = scored[:limit]
    if not chosen:
        return []
    loaded = {p.id: p for p in db.session.scalars(
        select(Proposal).where(Proposal.id.in_([row[2] for row in chosen]))
        .options(selectinload(Proposal.municipalities)))}
    return [Similar(loaded[pid], in_place, score) for in_place, score, pid in chosen if pid in loaded]
