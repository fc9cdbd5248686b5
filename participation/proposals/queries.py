"""Reading proposals for pages: the filtered list, the latest cards and one's drafts.

One proposal's page reads through `page_queries`.

Every page loads in a fixed number of queries, whatever the number of
proposals, supports and municipalities: counts are aggregated in SQL and
related rows come in with selectinload.
"""

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import selectinload

from participation.common import page_cache, search
from participation.common.pagination import Page, paginate
from participation.common.validation import read_int
from participation.extensions import db
from participation.proposals.models import (
    OPEN_STATUSES,
    Category,
    Proposal,
    ProposalStatus,
    SupportCount,
    proposal_municipality,
)
from participation.territory.models import Municipality

LISTED_STATUSES = tuple(s for s in ProposalStatus if s != ProposalStatus.DRAFT)
SORTS = ("newest", "supported", "municipalities", "active")
COUNT_SORTS = ("supported", "municipalities")  # the sorts that need every proposal's support counts
MAX_QUERY_LENGTH = 200


@dataclass
class ListFilters:
    """The list's GET parameters, already cleaned: anything malformed is dropped."""

    q: str = ""
    municipality: int | None = None
    grouping: int | None = None
    category: str | None = None
    status: str | None = None
    threshold: str | None = None  # "reached" or "not_reached"
    sort: str = "newest"

    @classmethod
    def from_args(cls, args) -> "ListFilters":
        def as_id(name):
            return read_int(args.get(name))[0]

        def one_of(name, allowed):
            raw = args.get(name) or ""
            return raw if raw in allowed else None

        return cls(
            q=(args.get("q") or "").strip()[:MAX_QUERY_LENGTH],
            municipality=as_id("municipality"),
            grouping=as_id("grouping"),
            category=one_of("category", {c.value for c in Category}),
            status=one_of("status", {s.value for s in LISTED_STATUSES}),
            threshold=one_of("threshold", {"reached", "not_reached"}),
            sort=one_of("sort", SORTS) or "newest",
        )

    def as_args(self, **overrides) -> dict:
        """Non-empty parameters, for links that keep the filters."""
        values = {
            "q": self.q, "municipality": self.municipality, "grouping": self.grouping,
            "category": self.category, "status": self.status, "threshold": self.threshold,
            "sort": self.sort if self.sort != "newest" else None,
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value not in (None, "")}


def text_condition(q: str | None):
    """Proposals whose words, or the names of the municipalities they touch, hold every word searched.

    Word forms and accents do not matter ("silnici v Usti" finds "Oprava silnice" touching
    Ústí nad Orlicí); None when the query has no word to search for.
    """
    words = search.query_stems(q)
    return stems_condition(words) if words else None


def stems_condition(words: list[tuple[str, ...]]):
    """Every word (its stem variants) begins a word of the proposal or of a municipality it touches."""
    from participation.territory.models import Municipality

    conditions = []
    for word in words:
        touching = (select(proposal_municipality.c.proposal_id)
                    .join(Municipality, Municipality.id == proposal_municipality.c.municipality_id)
                    .where(search.name_matches(Municipality.search_name, word)))
        conditions.append(or_(search.item_matches(Proposal, word), Proposal.id.in_(touching)))
    return and_(*conditions)


def _in_grouping(grouping_id: int):
    """The grouping's own proposals and those touching one of its current members."""
    from participation.territory.models import GroupingMembership

    members = select(GroupingMembership.municipality_id).where(
        GroupingMembership.grouping_id == grouping_id, GroupingMembership.left_on.is_(None)
    )
    touching = select(proposal_municipality.c.proposal_id).where(
        proposal_municipality.c.municipality_id.in_(members)
    )
    return or_(Proposal.grouping_id == grouping_id, Proposal.id.in_(touching))


def in_grouping(grouping_id: int):
    """The condition: the grouping's own proposals and those touching one of its current members."""
    return _in_grouping(grouping_id)


def public_proposals() -> Select:
    """Proposals anyone may find: published or later, not hidden by a moderator."""
    return select(Proposal).where(
        Proposal.status != ProposalStatus.DRAFT, Proposal.hidden_at.is_(None)
    )


def list_statement(filters: ListFilters) -> Select:
    """Public proposals matching the filters, with their support counts, in the chosen order.

    The counts are the proposal's stored counters (kept by triggers on `support`,
    see counters.py): no list aggregates supports, whatever its sort.
    """
    supporters = Proposal.supporter_count.label("supporters")
    municipalities = Proposal.supporting_municipality_count.label("supporting_municipalities")
    statement = select(Proposal, supporters, municipalities)
    statement = statement.where(
        Proposal.status != ProposalStatus.DRAFT, Proposal.hidden_at.is_(None)
    ).options(selectinload(Proposal.municipalities))
    if filters.q:
        # Typed text without a word to search for ("_", "%") finds nothing, not everything.
        condition = text_condition(filters.q)
        statement = statement.where(false() if condition is None else condition)
    if filters.municipality is not None:
        statement = statement.where(Proposal.id.in_(
            select(proposal_municipality.c.proposal_id).where(
                proposal_municipality.c.municipality_id == filters.municipality
            )
        ))
    if filters.grouping is not None:
        statement = statement.where(_in_grouping(filters.grouping))
    if filters.category:
        statement = statement.where(Proposal.category == Category(filters.category))
    if filters.status:
        statement = statement.where(Proposal.status == ProposalStatus(filters.status))
    if filters.threshold == "reached":
        statement = statement.where(Proposal.threshold_reached_at.is_not(None))
    elif filters.threshold == "not_reached":
        statement = statement.where(Proposal.threshold_reached_at.is_(None))
    order = {
        "newest": [Proposal.published_at.desc()],
        "supported": [supporters.desc(), Proposal.published_at.desc()],
        "municipalities": [municipalities.desc(), supporters.desc()],
        "active": [Proposal.last_activity_at.desc()],
    }[filters.sort]
    return statement.order_by(*order, Proposal.id.desc())


@dataclass
class Card:
    """A proposal in a list, with its counts."""

    proposal: Proposal
    supporters: int
    supporting_municipalities: int


def _cards(rows) -> list[Card]:
    """Cards for (proposal, supporters, municipalities) rows."""
    return [Card(row[0], row[1] or 0, row[2] or 0) for row in rows]


# A list's total stops counting here: "1 000+" rather than reading 50,000 matches to count them.
LIST_COUNT_CAP = 1000


@dataclass
class CappedPage(Page):
    """A page whose total may be a lower bound: `capped` when more rows match than were counted."""

    capped: bool = False

    @property
    def shown_total(self) -> int:
        """The total to show: exact, or (with `capped`) the number counted before stopping, shown as "N+"."""
        return self.total - 1 if self.capped else self.total


def paginate_capped(statement: Select, page: int, per_page: int, cap: int = LIST_COUNT_CAP) -> CappedPage:
    """A COUNT that stops after `cap` rows (or the rows up to this page and one more), and the page.

    Enough is counted to know whether a next page exists, so paging on past the cap works.
    """
    enough = max(cap, page * per_page) + 1
    counted = db.session.scalar(
        select(func.count()).select_from(statement.order_by(None).limit(enough).subquery())
    ) or 0
    rows = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page))
    return CappedPage(items=list(rows), page=page, per_page=per_page, total=counted, capped=counted >= enough)


def list_page(filters: ListFilters, page: int, per_page: int) -> CappedPage:
    """One page of the filtered list: a capped COUNT, the rows, and their municipalities."""
    result = paginate_capped(list_statement(filters), page, per_page, LIST_COUNT_CAP)
    result.items = _cards(result.items)
    return result


def first_cards(filters: ListFilters, limit: int, *, open_only: bool = False) -> list[Card]:
    """The first few cards of a list without counting the rest (the home page's cards)."""
    statement = list_statement(filters)
    if open_only:
        statement = statement.where(Proposal.status.in_(OPEN_STATUSES))
    return _cards(db.session.execute(statement.limit(limit)).all())


def latest_for_municipality(municipality_id: int, limit: int = 5) -> tuple[list[Card], int]:
    """The newest public proposals touching a municipality, and how many there are."""
    return _latest(ListFilters(municipality=municipality_id), limit)


def latest_for_grouping(grouping_id: int, limit: int = 5) -> tuple[list[Card], int]:
    return _latest(ListFilters(grouping=grouping_id), limit)


def _latest(filters: ListFilters, limit: int) -> tuple[list[Card], int]:
    """The first few cards and the total, plus their municipalities and support counts.

    A COUNT and a LIMIT query rather than one query with a window count: the
    window makes the database read every matching proposal (thousands for a
    town) before it can return the first five.
    """
    page = paginate(list_statement(filters), 1, limit, scalars=False)
    return _cards(page.items), page.total


class DraftLink(NamedTuple):
    """One of a person's drafts, as a link (kept in the cache: plain values)."""

    id: int
    title: str


def drafts_of(user) -> list[DraftLink]:
    """The signed-in person's own drafts, newest edit first (the list page, the home page).

    Remembered per person until they write one of their proposals (a scope
    on proposal.author_id, common/page_cache): most requests ask no query.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return []

    def compute() -> list[DraftLink]:
        return [DraftLink(*row) for row in db.session.execute(
            select(Proposal.id, Proposal.title)
            .where(Proposal.author_id == user.id, Proposal.status == ProposalStatus.DRAFT)
            .order_by(Proposal.updated_at.desc()).limit(20)
        )]

    return page_cache.remember("drafts", user.id, compute, scopes={"proposal": f"author_id={user.id}"})


# --- Supporters per municipality, for many proposals -----------------------------


class Place(NamedTuple):
    """A supporters' municipality, with what the API says of it (api/items.municipality_ref)."""

    id: int
    code: str
    name: str


def supporters_by_municipality(proposal_ids) -> tuple[dict[int, dict[int, int]], dict[int, Place]]:
    """Supporters per proposal and home municipality, and those municipalities, in one query.

    The stored counts (proposals/counters.py), not a count of the support rows: the most
    supported proposal of the region benchmark has 24,620. For the API, the exports and
    good practice pages (which read the counts alone).
    """
    ids = list(proposal_ids)
    counts: dict[int, dict[int, int]] = {}
    names: dict[int, Place] = {}
    if not ids:
        return counts, names
    # Plain columns: a page of 100 proposals has thousands of lines, and the JSON needs three fields of each place.
    for proposal_id, supporters, municipality_id, code, name in db.session.execute(
            select(SupportCount.proposal_id, SupportCount.supporters, Municipality.id, Municipality.code,
                   Municipality.name)
            .join(Municipality, Municipality.id == SupportCount.municipality_id)
            .where(SupportCount.proposal_id.in_(ids), SupportCount.supporters > 0)):
        counts.setdefault(proposal_id, {})[municipality_id] = supporters
        if municipality_id not in names:
            names[municipality_id] = Place(municipality_id, code, name)
    return counts, names
