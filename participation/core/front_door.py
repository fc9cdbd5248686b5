"""The home page: what is alive in Spolu now, and first what concerns the signed-in resident.

The part every visitor sees alike is rendered once and kept until a write to
one of PUBLIC_TABLES changes it (common/fragment_cache.py), or until the next
consultation opens or closes. The personal part is a few small queries.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from flask import render_template
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from participation.common import page_cache
from participation.common.models import utcnow
from participation.consultations.models import (
    Consultation,
    ConsultationStatus,
    Response,
    consultation_municipality,
)
from participation.extensions import db
from participation.projects.models import Project, ProjectStatus, project_municipality
from participation.proposals import queries as proposal_queries
from participation.proposals.listing import CARD_TABLES
from participation.proposals.models import OfficialAnswer, Proposal, Support, proposal_municipality
from participation.territory.models import Grouping, Municipality

CARDS = 4
# Every table the public cards read: a write to any of them renders the cards afresh.
PUBLIC_TABLES = (
    Proposal, Support, OfficialAnswer, proposal_municipality, Consultation, consultation_municipality,
    Project, project_municipality, Municipality, Grouping,
)


@dataclass
class PublicCards:
    """What every visitor sees on the home page."""

    consultations: list[Consultation]
    supported: list[proposal_queries.Card]
    newest: list[proposal_queries.Card]
    answers: list[tuple[OfficialAnswer, Proposal]]
    finished: list[Project]
    next_change: datetime | None = None  # when a consultation opens or closes next

    @property
    def is_empty(self) -> bool:
        return not (self.consultations or self.supported or self.newest or self.answers or self.finished)

    def seconds_valid(self, now: datetime) -> int | None:
        """How long the cards stay true without a write: until the next consultation opens or closes."""
        if self.next_change is None:
            return None
        return max(1, int((self.next_change - now).total_seconds()) + 1)


@dataclass
class PersonalCards:
    """What concerns a signed-in resident: what awaits their answer, then their municipality's proposals.

    `municipality` is the section about the home municipality, the same for
    everyone living there (a shared fragment, `municipality_section`).
    """

    municipality: Markup | None
    consultations: list["Awaiting"] = field(default_factory=list)
    drafts: list[proposal_queries.DraftLink] = field(default_factory=list)


def _open_consultations(now: datetime) -> list[Consultation]:
    return list(db.session.scalars(
        select(Consultation)
        .where(Consultation.status == ConsultationStatus.PUBLISHED,
               Consultation.opens_at <= now, Consultation.closes_at > now)
        .options(selectinload(Consultation.grouping))
        .order_by(Consultation.closes_at, Consultation.id)
        .limit(CARDS)
    ))


def _next_opening(now: datetime) -> datetime | None:
    return db.session.scalar(
        select(func.min(Consultation.opens_at))
        .where(Consultation.status == ConsultationStatus.PUBLISHED, Consultation.opens_at > now)
    )


def _latest_answers() -> list[tuple[OfficialAnswer, Proposal]]:
    """The newest official answers on proposals anyone may see, each with its proposal."""
    return [tuple(row) for row in db.session.execute(
        select(OfficialAnswer, Proposal)
        .join(Proposal, Proposal.id == OfficialAnswer.proposal_id)
        .where(Proposal.id.in_(proposal_queries.public_proposals().with_only_columns(Proposal.id)))
        .options(selectinload(OfficialAnswer.municipality), selectinload(OfficialAnswer.grouping))
        .order_by(OfficialAnswer.created_at.desc(), OfficialAnswer.id.desc())
        .limit(CARDS - 1)
    )]


def _finished_projects() -> list[Project]:
    return list(db.session.scalars(
        select(Project).where(Project.status == ProjectStatus.DONE)
        .options(selectinload(Project.municipalities))
        .order_by(Project.done_at.desc(), Project.id.desc())
        .limit(CARDS - 1)
    ))


def public_cards(now: datetime | None = None) -> PublicCards:
    """The home page's cards for everyone, in a fixed number of queries."""
    now = now or utcnow()
    consultations = _open_consultations(now)
    changes = [c.closes_at for c in consultations]
    opening = _next_opening(now)
    if opening is not None:
        changes.append(opening)
    return PublicCards(
        consultations=consultations,
        supported=proposal_queries.first_cards(proposal_queries.ListFilters(sort="supported"), CARDS, open_only=True),
        newest=proposal_queries.first_cards(proposal_queries.ListFilters(sort="newest"), CARDS),
        answers=_latest_answers(),
        finished=_finished_projects(),
        next_change=min(changes, default=None),
    )


class Awaiting(NamedTuple):
    """A consultation open in my municipality that I have not answered (kept in the cache: plain values)."""

    id: int
    title: str
    closes_at: datetime


def personal_cards(user) -> PersonalCards:
    """For a signed-in resident: what awaits them (remembered: no query), then their municipality."""
    municipality_id = user.home_municipality_id
    return PersonalCards(
        municipality=municipality_section(municipality_id) if municipality_id is not None else None,
        consultations=awaiting_consultations(user),
        drafts=proposal_queries.drafts_of(user)[:CARDS],
    )


def awaiting_consultations(user) -> list[Awaiting]:
    """The first open consultations of my municipality I have not answered.

    Remembered per person and municipality until a consultation changes, opens
    or closes (its clock), or this person answers one (a scope on consultation_response.user_id).
    """
    from participation.workspaces.mine import first_open_consultations

    def compute() -> list[Awaiting]:
        return [Awaiting(c.id, c.title, c.closes_at) for c in first_open_consultations(user, CARDS)]

    key = f"{user.id}:{user.home_municipality_id}"
    return page_cache.remember("awaiting-consultations", key, compute, scopes={Response.__table__.name: f"user_id={user.id}"})


def municipality_section(municipality_id: int) -> Markup:
    """The home page's section about one municipality: rendered once for all its residents.

    Kept until a table it read changes; the municipality and what cards show
    are named because they may come from what the request loaded before, without a query.
    """
    def render() -> str:
        proposals, total = proposal_queries.latest_for_municipality(municipality_id, CARDS)
        return render_template("core/_home_municipality.html", municipality=db.session.get(Municipality, municipality_id),
                               proposals=proposals, proposal_total=total)

    return Markup(page_cache.shared("home-municipality", municipality_id, render, (Municipality, *CARD_TABLES)))
