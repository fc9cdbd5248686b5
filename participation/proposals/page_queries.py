"""Reading one proposal for its page: the proposal, its support panel, its record, the viewer's facts.

Each runs a fixed number of statements whatever the number of supports,
comments and municipalities; what is the same for everyone is asked inside
the page's shared fragments, so a kept page does not ask again.
"""

import functools
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import Select, bindparam, exists, select
from sqlalchemy.orm import joinedload, selectinload

from participation.common import page_cache
from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals import reactions, services
from participation.proposals.models import (
    OfficialAnswer,
    Proposal,
    ProposalStatus,
    StatusChange,
    Support,
    SupportCount,
    proposal_municipality,
)


def load_proposal(proposal_id: int) -> Proposal | None:
    """The proposal with what every page about it shows on every request.

    One round trip: the few municipalities, the grouping and the discussion's
    counts joined. The author (with their municipality) and the proposal it
    was merged into are read only where shown: inside the page's shared byline,
    rendered once, and on a merged proposal's page.
    """
    return db.session.execute(
        select(Proposal).where(Proposal.id == proposal_id).options(
            joinedload(Proposal.municipalities),
            joinedload(Proposal.grouping),
            joinedload(Proposal.thread),
        )
    ).unique().scalar_one_or_none()


def proposal_for_page(proposal_id: int) -> Proposal | None:
    """`load_proposal` for its page, kept for every reader until a table it read changes (no query then)."""
    return page_cache.remember_loaded("proposal-page", Proposal, proposal_id, lambda: load_proposal(proposal_id))


def author_of(proposal: Proposal):
    """The author with their home municipality: one statement whatever this session already holds."""
    from participation.accounts.models import User

    if proposal.author_id is None:
        return None
    return db.session.scalar(select(User).options(joinedload(User.home_municipality))
                             .where(User.id == proposal.author_id))


@dataclass
class SupportPanel:
    """Everything the support panel shows, counted in SQL."""

    proposal: Proposal
    total: int
    online: int
    paper: int
    from_elsewhere: int
    progress: object
    user_supports: bool
    lines: list = field(default_factory=list)


def support_panel(proposal: Proposal, user, *, user_supports: bool | None = None) -> SupportPanel:
    """Totals, per-municipality lines and threshold progress from the stored counts.

    One query for the per-municipality counts, one for the grouping's members
    when there is a grouping, one for the visitor's own support unless the
    caller knows it (`user_supports`, after a toggle).
    """
    rows = reactions.take_support_rows(proposal)
    if rows is None:
        rows = db.session.execute(
            select(SupportCount.municipality_id, SupportCount.supporters, SupportCount.paper_supporters)
            .where(SupportCount.proposal_id == proposal.id, SupportCount.supporters > 0)
        ).all()
    counts = {municipality_id: count for municipality_id, count, _ in rows}
    paper = sum(int(p or 0) for _, _, p in rows)
    total = sum(counts.values())
    reactions.remember_support_total(proposal, total)
    progress = services.threshold_progress(proposal, counts)
    affected = {m.id for m in proposal.municipalities}
    return SupportPanel(
        proposal=proposal,
        total=total,
        online=total - paper,
        paper=paper,
        from_elsewhere=sum(count for mid, count in counts.items() if mid not in affected),
        progress=progress,
        user_supports=services.user_supports(user, proposal) if user_supports is None else user_supports,
        lines=progress.lines,
    )


def status_history(proposal: Proposal) -> list[StatusChange]:
    return list(db.session.scalars(
        select(StatusChange).where(StatusChange.proposal_id == proposal.id)
        .options(joinedload(StatusChange.author))
        .order_by(StatusChange.created_at, StatusChange.id)
    ))


def official_answers(proposal: Proposal) -> list[OfficialAnswer]:
    return list(db.session.scalars(
        select(OfficialAnswer).where(OfficialAnswer.proposal_id == proposal.id)
        .options(
            joinedload(OfficialAnswer.author),
            joinedload(OfficialAnswer.municipality),
            joinedload(OfficialAnswer.grouping),
        )
        .order_by(OfficialAnswer.created_at, OfficialAnswer.id)
    ))


def merged_duplicates(proposal: Proposal) -> list[Proposal]:
    """Duplicates merged into this proposal, to link back to them."""
    return list(db.session.scalars(
        select(Proposal).where(Proposal.merged_into_id == proposal.id, Proposal.hidden_at.is_(None))
        .order_by(Proposal.id)
    ))


def _follower_count_of(proposal_id) -> Select:
    from participation.follows.models import FollowerCount

    return select(FollowerCount.followers).where(
        FollowerCount.subject_type == "proposal", FollowerCount.subject_id == proposal_id)


@functools.cache
def _viewer_statement() -> Select:
    """viewer_facts' statement, built once with parameters: building it was a third of its cost."""
    from participation.follows.models import Follow
    from participation.moderation import blocks

    proposal_id, user_id = bindparam("proposal_id"), bindparam("user_id")
    return select(
        exists().where(Support.proposal_id == proposal_id, Support.user_id == user_id),
        exists().where(Follow.proposal_id == proposal_id, Follow.user_id == user_id),
        _follower_count_of(proposal_id).scalar_subquery(),
        blocks.ends_at_subquery(user_id, bindparam("places", expanding=True), bindparam("now")),
    )


class ViewerFacts(NamedTuple):
    """What a proposal's page shows of the viewer's own relation to it, and its follower count."""

    supports: bool
    follows: bool
    followers: int


def viewer_facts(proposal: Proposal, user) -> ViewerFacts:
    """Do I support it, do I follow it, how many follow it, may I post here: one statement.

    Whether a posting block stops the viewer here is what the discussion and
    the report links ask next; the answer is kept for them (moderation/blocks.py).
    A visitor gets the count alone.
    """
    from participation.moderation import blocks

    if not getattr(user, "is_authenticated", False):
        return ViewerFacts(False, False, db.session.scalar(select(_follower_count_of(proposal.id).scalar_subquery())) or 0)
    places = [m.id for m in proposal.municipalities]
    row = db.session.connection().execute(_viewer_statement(), {
        "proposal_id": proposal.id, "user_id": user.id, "places": places, "now": utcnow()}).one()
    blocks.remember_answer(user, places, row[3])
    return ViewerFacts(bool(row[0]), bool(row[1]), row[2] or 0)


# The link sections of a proposal's page: (kind, table with a proposal_id column). Tables of
# domains not built in are left out.
LINK_TABLES = (
    ("agreement", "agreement_proposal"),
    ("project", "project_proposal"),
    ("locality", "locality_proposal"),
    ("referral", "referral"),
    ("good_practice", "good_practice_proposal"),
)


def linked_kinds(proposal_id: int) -> set[str]:
    """The kinds of link section that have any row for the proposal, in one query of EXISTS.

    Rows only: each section still reads and filters its own (published, not hidden...)
    when it has some, so a kind here may still show nothing. Kept until a link
    table changes (links are made far more rarely than pages are read).
    """
    return page_cache.remember("proposal-link-kinds", proposal_id, lambda: _linked_kinds(proposal_id))


def _linked_kinds(proposal_id: int) -> set[str]:
    columns = []
    for kind, name in LINK_TABLES:
        table = db.metadata.tables.get(name)
        if table is not None and "proposal_id" in table.c:
            columns.append(exists().where(table.c.proposal_id == proposal_id).label(kind))
    if not columns:
        return set()
    row = db.session.execute(select(*columns)).one()
    return {kind for kind, present in row._mapping.items() if present}


def merge_candidates(proposal: Proposal, user, limit: int = 200) -> list[Proposal]:
    """Other public proposals sharing a municipality, to merge a duplicate into."""
    shared = select(proposal_municipality.c.proposal_id).where(
        proposal_municipality.c.municipality_id.in_([m.id for m in proposal.municipalities])
    )
    return list(db.session.scalars(
        select(Proposal).where(
            Proposal.id != proposal.id,
            Proposal.id.in_(shared),
            Proposal.status.not_in([ProposalStatus.DRAFT, ProposalStatus.MERGED, ProposalStatus.WITHDRAWN]),
        ).options(selectinload(Proposal.municipalities)).order_by(Proposal.published_at.desc()).limit(limit)
    ))
