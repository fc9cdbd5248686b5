"""What a thread belongs to, asked without the discussion code knowing the model.

Each commentable domain registers a `SubjectType` for its `Thread.subject_type`:
how to describe a batch of threads (title, URL, municipalities, whether the
public may see it and comment) and which threads lie in a set of
municipalities (for the moderation queue). Proposals are registered here;
later domains call `register(...)` from their own package.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask import current_app, has_request_context, url_for
from sqlalchemy import Select, or_, select, update

from participation.extensions import db


@dataclass(frozen=True)
class Subject:
    thread_id: int
    subject_type: str
    subject_id: int
    title: str
    url: str
    municipality_ids: frozenset[int] = field(default_factory=frozenset)
    grouping_id: int | None = None
    author_id: int | None = None
    # Visible to the public (published, not hidden).
    public: bool = True
    # New comments accepted.
    open_for_comments: bool = True


@dataclass(frozen=True)
class SubjectType:
    # {thread_id: Subject} for the given threads (one or two queries, whatever their number).
    describe: Callable[[Iterable[int]], dict[int, Subject]]
    # A SELECT of thread ids whose subject lies in the municipalities or groupings.
    threads_in_scope: Callable[[frozenset[int], frozenset[int]], Select]
    # Called (inside the transaction) when someone comments: e.g. "recently active".
    touch: Callable[[int], None] | None = None
    # The Subject of an owner already loaded with what it needs (its page has it): no query.
    describe_loaded: Callable[[object], Subject] | None = None


_TYPES: dict[str, SubjectType] = {}


def register(subject_type: str, definition: SubjectType) -> None:
    _TYPES[subject_type] = definition


def registered_types() -> dict[str, SubjectType]:
    return dict(_TYPES)


def describe_threads(thread_ids: Iterable[int]) -> dict[int, Subject]:
    """Subjects of the given threads, whatever they are attached to."""
    from participation.comments.models import Thread

    ids = {i for i in thread_ids if i is not None}
    if not ids:
        return {}
    by_type: dict[str, list[int]] = {}
    for thread_id, subject_type in db.session.execute(
        select(Thread.id, Thread.subject_type).where(Thread.id.in_(ids))
    ):
        by_type.setdefault(subject_type, []).append(thread_id)
    result: dict[int, Subject] = {}
    for subject_type, type_ids in by_type.items():
        definition = _TYPES.get(subject_type)
        if definition is not None:
            result.update(definition.describe(type_ids))
    return result


def describe_thread(thread_id: int) -> Subject | None:
    return describe_threads([thread_id]).get(thread_id)


def describe_loaded_thread(thread, owner=None) -> Subject | None:
    """Like describe_thread, for a Thread already loaded (saves a query), and its owner if loaded (saves all)."""
    definition = _TYPES.get(thread.subject_type)
    if definition is None:
        return None
    if owner is not None and definition.describe_loaded is not None \
            and getattr(owner, "thread_id", None) == thread.id:
        return definition.describe_loaded(owner)
    return definition.describe([thread.id]).get(thread.id)


def threads_in_scope_clause(column, municipality_ids: frozenset[int], grouping_ids: frozenset[int]):
    """A WHERE clause: `column` (a thread id) belongs to a subject in the scope."""
    clauses = [column.in_(t.threads_in_scope(municipality_ids, grouping_ids)) for t in _TYPES.values()]
    return or_(*clauses) if clauses else column.is_(None)


def endpoint_url(endpoint: str, fallback: str = "/", **values) -> str:
    """url_for when the endpoint exists (domains land one by one), else fallback."""
    if endpoint not in current_app.view_functions:
        return fallback
    if has_request_context():
        return url_for(endpoint, **values)
    # Off the request path (seeding, the notification worker) build against the public address.
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        return url_for(endpoint, **values)


# --- proposals -------------------------------------------------------------

def _describe_proposals(thread_ids: Iterable[int]) -> dict[int, Subject]:
    from participation.proposals.models import Proposal, proposal_municipality

    rows = db.session.execute(
        select(Proposal.id, Proposal.thread_id, Proposal.title, Proposal.status, Proposal.hidden_at,
               Proposal.grouping_id, Proposal.author_id).where(Proposal.thread_id.in_(list(thread_ids)))
    ).all()
    if not rows:
        return {}
    municipalities: dict[int, set[int]] = {}
    for proposal_id, municipality_id in db.session.execute(
        select(proposal_municipality.c.proposal_id, proposal_municipality.c.municipality_id).where(
            proposal_municipality.c.proposal_id.in_([r.id for r in rows])
        )
    ):
        municipalities.setdefault(proposal_id, set()).add(municipality_id)
    return {row.thread_id: _proposal_subject(row, municipalities.get(row.id, ())) for row in rows}


def _proposal_subject(proposal, municipality_ids) -> Subject:
    """A proposal's Subject from a row or a loaded Proposal (the same attributes)."""
    from participation.proposals.models import PUBLIC_STATUSES, ProposalStatus

    public = proposal.status in PUBLIC_STATUSES and proposal.hidden_at is None
    return Subject(
        thread_id=proposal.thread_id,
        subject_type="proposal",
        subject_id=proposal.id,
        title=proposal.title,
        url=endpoint_url("proposals.detail", f"/podnety/{proposal.id}", proposal_id=proposal.id),
        municipality_ids=frozenset(municipality_ids),
        grouping_id=proposal.grouping_id,
        author_id=proposal.author_id,
        public=public,
        open_for_comments=public and proposal.status not in (
            ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.MERGED),
    )


def _describe_loaded_proposal(proposal) -> Subject:
    return _proposal_subject(proposal, (m.id for m in proposal.municipalities))


def proposals_in_scope(municipality_ids: frozenset[int], grouping_ids: frozenset[int]) -> Select:
    """Ids of proposals that touch the municipalities or belong to the groupings."""
    from participation.proposals.models import Proposal, proposal_municipality

    touching = select(proposal_municipality.c.proposal_id).where(
        proposal_municipality.c.municipality_id.in_(list(municipality_ids))
    )
    return select(Proposal.id).where(
        or_(Proposal.id.in_(touching), Proposal.grouping_id.in_(list(grouping_ids)))
    )


def _proposal_threads_in_scope(municipality_ids: frozenset[int], grouping_ids: frozenset[int]) -> Select:
    from participation.proposals.models import Proposal

    return select(Proposal.thread_id).where(
        Proposal.thread_id.is_not(None),
        Proposal.id.in_(proposals_in_scope(municipality_ids, grouping_ids)),
    )


def _touch_proposal(proposal_id: int) -> None:
    from participation.common.models import utcnow
    from participation.proposals.models import Proposal

    db.session.execute(
        update(Proposal).where(Proposal.id == proposal_id).values(last_activity_at=utcnow())
    )


register("proposal", SubjectType(
    describe=_describe_proposals,
    threads_in_scope=_proposal_threads_in_scope,
    touch=_touch_proposal,
    describe_loaded=_describe_loaded_proposal,
))
