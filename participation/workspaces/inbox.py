"""The moderator's inbox: everything in one's scope that waits for them, oldest first.

Four kinds of work, one UNION ALL ordered by how long each has waited:

- "new": published proposals without an official answer (waiting since publication);
- "threshold": proposals that reached the cross-municipal threshold and are still
  published or under review with no official answer since (waiting since the threshold);
- "reports": items with open reports (waiting since the first open report);
- "solve": proposals whose project is done but which are not marked solved
  (waiting since the project was done);
- "referral": proposals passed on to the region or the state whose answer has
  not come (waiting since the oldest unanswered referral).

Hidden proposals wait in the moderation queue instead. A page costs a fixed
number of queries: the COUNT, the page, and seven batch loads for its rows.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, String, and_, cast, exists, func, literal, null, or_, select, union_all
from sqlalchemy.orm import selectinload

from participation.comments.models import Comment
from participation.comments.subjects import proposals_in_scope, threads_in_scope_clause
from participation.common.models import utcnow
from participation.common.pagination import Page, paginate
from participation.common.validation import read_int
from participation.extensions import db
from participation.moderation.models import Report
from participation.moderation.queue import in_scope_clause as reports_in_scope_clause
from participation.permissions import workspaces as rules
from participation.permissions.scopes import scope_of
from participation.projects.models import Project, ProjectProposal, ProjectStatus
from participation.projects.services import AWAITING_SOLVED
from participation.proposals.models import (
    OfficialAnswer,
    Proposal,
    ProposalStatus,
    Support,
    proposal_municipality,
)
from participation.referrals.models import Referral
from participation.territory.models import Municipality

KINDS = ("new", "threshold", "reports", "solve", "referral")
KIND_LABELS = {
    "new": _l("New proposal without an answer"),
    "threshold": _l("Threshold reached"),
    "reports": _l("Reported"),
    "solve": _l("Project done, not marked solved"),
    "referral": _l("Passed on, no answer yet"),
}
# Statuses in which a proposal that reached its threshold still waits for a decision.
THRESHOLD_WAITING = (ProposalStatus.PUBLISHED, ProposalStatus.UNDER_REVIEW)


@dataclass(frozen=True)
class InboxFilters:
    kind: str = ""
    municipality_id: int | None = None
    # An unknown kind or a municipality outside the scope: the inbox is empty, never an error.
    impossible: bool = False
    raw_kind: str = ""
    raw_municipality: str = ""

    @classmethod
    def from_args(cls, args, user) -> "InboxFilters":
        raw_kind = (args.get("kind") or "").strip()[:20]
        raw_municipality = (args.get("municipality") or "").strip()[:12]
        impossible = False
        kind = ""
        if raw_kind:
            if raw_kind in KINDS:
                kind = raw_kind
            else:
                impossible = True
        municipality_id = None
        if raw_municipality:
            number = read_int(raw_municipality)[0]
            if number is not None and rules.can_filter_by_municipality(user, number):
                municipality_id = number
            else:
                impossible = True
        return cls(kind, municipality_id, impossible, raw_kind, raw_municipality)


@dataclass
class InboxEntry:
    kind: str
    since: datetime
    age_days: int
    proposal: Proposal | None = None
    comment: Comment | None = None
    supporters: int = 0
    open_reports: int = 0
    projects: list[tuple[int, str]] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def selectable(self) -> bool:
        """Rows about a proposal can take part in a bulk status change."""
        return self.proposal is not None


def _proposal_filters(user, filters: InboxFilters) -> list:
    """The user's scope (no user: every municipality, for the reminders) and the municipality filter."""
    clauses = []
    scope = scope_of(user) if user is not None else None
    if scope is not None and not scope.everywhere:
        clauses.append(Proposal.id.in_(proposals_in_scope(scope.municipality_ids, scope.grouping_ids)))
    if filters.municipality_id is not None:
        clauses.append(Proposal.id.in_(_touching(filters.municipality_id)))
    return clauses


def _touching(municipality_id: int):
    return select(proposal_municipality.c.proposal_id).where(
        proposal_municipality.c.municipality_id == municipality_id
    )


def _no_comment():
    return cast(null(), Integer).label("comment_id")


def _new(user, filters):
    answered = exists().where(OfficialAnswer.proposal_id == Proposal.id)
    return select(
        literal("new", String).label("kind"), Proposal.id.label("proposal_id"), _no_comment(),
        Proposal.published_at.label("since"),
    ).where(
        Proposal.status == ProposalStatus.PUBLISHED, Proposal.hidden_at.is_(None),
        Proposal.threshold_reached_at.is_(None), ~answered, *_proposal_filters(user, filters),
    )


def _threshold(user, filters):
    answered_since = exists().where(
        OfficialAnswer.proposal_id == Proposal.id, OfficialAnswer.created_at >= Proposal.threshold_reached_at,
    )
    return select(
        literal("threshold", String).label("kind"), Proposal.id.label("proposal_id"), _no_comment(),
        Proposal.threshold_reached_at.label("since"),
    ).where(
        Proposal.threshold_reached_at.is_not(None), Proposal.status.in_(THRESHOLD_WAITING),
        Proposal.hidden_at.is_(None), ~answered_since, *_proposal_filters(user, filters),
    )


def _solve(user, filters):
    return select(
        literal("solve", String).label("kind"), Proposal.id.label("proposal_id"), _no_comment(),
        func.min(func.coalesce(Project.done_at, Project.updated_at)).label("since"),
    ).select_from(ProjectProposal).join(Project, Project.id == ProjectProposal.project_id).join(
        Proposal, Proposal.id == ProjectProposal.proposal_id,
    ).where(
        Project.status == ProjectStatus.DONE, Proposal.status.in_(AWAITING_SOLVED),
        Proposal.hidden_at.is_(None), *_proposal_filters(user, filters),
    ).group_by(Proposal.id)


def _reports(user, filters):
    statement = select(
        literal("reports", String).label("kind"), Report.proposal_id.label("proposal_id"),
        Report.comment_id.label("comment_id"), func.min(Report.created_at).label("since"),
    ).where(Report.resolved_at.is_(None)).group_by(Report.proposal_id, Report.comment_id)
    clause = reports_in_scope_clause(user) if user is not None else None
    if clause is not None:
        statement = statement.where(clause)
    if filters.municipality_id is not None:
        only = frozenset({filters.municipality_id})
        statement = statement.where(or_(
            Report.proposal_id.in_(_touching(filters.municipality_id)),
            Report.comment_id.in_(
                select(Comment.id).where(threads_in_scope_clause(Comment.thread_id, only, frozenset()))
            ),
        ))
    return statement


def _referral(user, filters):
    return select(
        literal("referral", String).label("kind"), Referral.proposal_id.label("proposal_id"), _no_comment(),
        func.min(Referral.created_at).label("since"),
    ).join(Proposal, Proposal.id == Referral.proposal_id).where(
        Referral.responded_at.is_(None), Proposal.hidden_at.is_(None), *_proposal_filters(user, filters),
    ).group_by(Referral.proposal_id)


_BUILDERS = {"new": _new, "threshold": _threshold, "reports": _reports, "solve": _solve, "referral": _referral}


def waiting_statement(user, filters: InboxFilters):
    """Every waiting row (kind, proposal_id, comment_id, since), the longest waiting first."""
    kinds = [filters.kind] if filters.kind else list(KINDS)
    parts = [_BUILDERS[kind](user, filters) for kind in kinds]
    waiting = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("waiting")
    return select(waiting.c.kind, waiting.c.proposal_id, waiting.c.comment_id, waiting.c.since).order_by(
        waiting.c.since, waiting.c.kind, waiting.c.proposal_id, waiting.c.comment_id,
    )


def inbox_page(user, filters: InboxFilters, page: int, per_page: int, now: datetime | None = None) -> Page:
    """A page of the inbox, the longest waiting first."""
    if filters.impossible:
        return Page(items=[], page=1, per_page=per_page, total=0)
    result = paginate(waiting_statement(user, filters), page, per_page, scalars=False)
    result.items = _entries(list(result.items), now or utcnow())
    return result


def _entries(rows, now: datetime) -> list[InboxEntry]:
    """Load what the rows point at in a fixed number of batch queries."""
    if not rows:
        return []
    from participation.common.models import as_utc

    proposal_ids = sorted({r.proposal_id for r in rows if r.proposal_id is not None})
    comment_ids = sorted({r.comment_id for r in rows if r.comment_id is not None})
    solve_ids = sorted({r.proposal_id for r in rows if r.kind == "solve"})
    proposals = {p.id: p for p in db.session.scalars(
        select(Proposal).options(selectinload(Proposal.municipalities)).where(Proposal.id.in_(proposal_ids))
    )}
    comments = {c.id: c for c in db.session.scalars(select(Comment).where(Comment.id.in_(comment_ids)))}
    supporters = dict(db.session.execute(
        select(Support.proposal_id, func.count()).where(Support.proposal_id.in_(proposal_ids))
        .group_by(Support.proposal_id)
    ).all())
    reports: dict[tuple, int] = {}
    for proposal_id, comment_id, count in db.session.execute(
        select(Report.proposal_id, Report.comment_id, func.count()).where(
            Report.resolved_at.is_(None),
            or_(Report.proposal_id.in_(proposal_ids), Report.comment_id.in_(comment_ids)),
        ).group_by(Report.proposal_id, Report.comment_id)
    ):
        reports[(proposal_id, comment_id)] = count
    projects: dict[int, list[tuple[int, str]]] = {}
    for proposal_id, project_id, title in db.session.execute(
        select(ProjectProposal.proposal_id, Project.id, Project.title)
        .join(Project, Project.id == ProjectProposal.project_id)
        .where(and_(Project.status == ProjectStatus.DONE, ProjectProposal.proposal_id.in_(solve_ids)))
        .order_by(Project.title)
    ):
        projects.setdefault(proposal_id, []).append((project_id, title))
    referrals: dict[int, list[Referral]] = {}
    referred_ids = sorted({r.proposal_id for r in rows if r.kind == "referral"})
    for referral in db.session.scalars(
        select(Referral).where(Referral.proposal_id.in_(referred_ids), Referral.responded_at.is_(None))
        .order_by(Referral.created_at, Referral.id)
    ):
        referrals.setdefault(referral.proposal_id, []).append(referral)
    entries = []
    for row in rows:
        since = as_utc(row.since)
        entries.append(InboxEntry(
            kind=row.kind, since=since, age_days=max(0, (now - since).days),
            proposal=proposals.get(row.proposal_id), comment=comments.get(row.comment_id),
            supporters=supporters.get(row.proposal_id, 0),
            open_reports=reports.get((row.proposal_id, row.comment_id), 0) if row.kind == "reports" else 0,
            projects=projects.get(row.proposal_id, []) if row.kind == "solve" else [],
            referrals=referrals.get(row.proposal_id, []) if row.kind == "referral" else [],
        ))
    return entries


def municipality_choices(user) -> list[tuple[int, str]]:
    """The municipalities the filter offers: the scope's, or for everywhere those with proposals."""
    scope = scope_of(user)
    statement = select(Municipality.id, Municipality.name).order_by(Municipality.name, Municipality.id)
    if scope.everywhere:
        statement = statement.where(Municipality.id.in_(select(proposal_municipality.c.municipality_id)))
    else:
        statement = statement.where(Municipality.id.in_(sorted(scope.municipality_ids)))
    return [(row.id, row.name) for row in db.session.execute(statement)]
