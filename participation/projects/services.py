"""Every change to projects goes through here: one transaction and one audit entry each."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from participation.agreements.models import Agreement, AgreementProposal
from participation.agreements.services import Refused
from participation.audit import services as audit
from participation.comments.models import Thread
from participation.common import storage
from participation.common.models import utcnow
from participation.common.text import fold
from participation.extensions import db
from participation.notifications.events import record_event
from participation.permissions.scopes import scope_of
from participation.projects.models import (
    FundingSource,
    Milestone,
    ProgressMode,
    Project,
    ProjectKind,
    ProjectProposal,
    ProjectStatus,
    ProjectUpdate,
)
from participation.proposals.models import Proposal, ProposalStatus
from participation.proposals.services import change_status_in_transaction

TRACKED_FIELDS = ("title", "kind", "status", "description", "agreement_id", "budget", "progress_mode",
                  "manual_progress", "place_name", "latitude", "longitude")
# A linked proposal in one of these statuses moves to "in progress".
MOVES_TO_PROGRESS = frozenset({
    ProposalStatus.PUBLISHED, ProposalStatus.UNDER_REVIEW, ProposalStatus.IN_COOPERATION,
    ProposalStatus.NOT_TAKEN_UP,
})
UNLINKABLE = frozenset({ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.MERGED})
# Statuses in which a proposal still waits for "solved".
AWAITING_SOLVED = frozenset({
    ProposalStatus.PUBLISHED, ProposalStatus.UNDER_REVIEW, ProposalStatus.IN_COOPERATION,
    ProposalStatus.IN_PROGRESS,
})


@dataclass
class ProjectData:
    title: str
    kind: ProjectKind
    status: ProjectStatus
    description: str = ""
    agreement: Agreement | None = None
    budget: Decimal | None = None
    funding: list[tuple[str, Decimal]] = field(default_factory=list)
    progress_mode: ProgressMode = ProgressMode.MILESTONES
    manual_progress: int | None = None
    place_name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    municipalities: list = field(default_factory=list)


def _first_municipality_id(project: Project) -> int | None:
    return project.municipalities[0].id if project.municipalities else None


def _czk(amount: Decimal) -> str:
    return format_decimal(amount, "#,##0.##") + " Kč"


def check_municipalities(actor, municipalities, project: Project | None = None):
    """None when the municipalities suit this editor, else the message to show next to the field."""
    if not municipalities:
        return _l("Choose at least one municipality.")
    scope = scope_of(actor)
    if scope.everywhere:
        return None
    outside = [m for m in municipalities if m.id not in scope.municipality_ids]
    if len(outside) == len(municipalities):
        return _l("You do not act for any of these municipalities (%(names)s). "
                  "At least one must be within your scope.", names=", ".join(m.name for m in outside))
    if project is not None:
        chosen = {m.id for m in municipalities}
        removed = [m for m in project.municipalities if m.id not in scope.municipality_ids and m.id not in chosen]
        if removed:
            return _l("You cannot remove a municipality outside your scope: %(names)s.",
                      names=", ".join(m.name for m in removed))
    return None


def funding_warning(budget: Decimal | None, funding) -> str | None:
    """A warning when the funding adds up to more than the budget (the editor may confirm it)."""
    total = sum((amount for _name, amount in funding), Decimal(0))
    if budget is not None and total > budget:
        return _l("The funding sources add up to %(total)s, more than the budget of %(budget)s. "
                  "Correct the amounts, or tick the box to confirm they are right.",
                  total=_czk(total), budget=_czk(budget))
    return None


def _apply(project: Project, data: ProjectData) -> None:
    project.title = data.title.strip()
    project.search_title = fold(data.title)
    project.kind = data.kind
    project.status = data.status
    project.description = data.description or ""
    project.agreement_id = data.agreement.id if data.agreement else None
    project.budget = data.budget
    project.progress_mode = data.progress_mode
    project.manual_progress = data.manual_progress if data.progress_mode == ProgressMode.MANUAL else None
    project.place_name = (data.place_name or "").strip()
    project.latitude = data.latitude
    project.longitude = data.longitude
    project.municipalities = list(data.municipalities)


def _replace_funding(project: Project, funding) -> bool:
    old = [(f.name, f.amount) for f in project.funding_sources]
    new = [(name.strip(), amount) for name, amount in funding]
    if old == new:
        return False
    project.funding_sources = [FundingSource(name=name, amount=amount, position=index)
                               for index, (name, amount) in enumerate(new)]
    return True


def create_project(actor, data: ProjectData) -> Project:
    """Record a project with its funding and a discussion thread, in one commit."""
    message = check_municipalities(actor, data.municipalities)
    if message:
        raise Refused(message)
    project = Project(created_by_id=actor.id, thread=Thread(subject_type="project"))
    _apply(project, data)
    _replace_funding(project, data.funding)
    if project.status == ProjectStatus.DONE:
        project.done_at = utcnow()
    db.session.add(project)
    db.session.flush()
    audit.record(actor, "project.create", "project", project.id,
                 municipality_id=_first_municipality_id(project),
                 details={"title": project.title, "status": str(project.status)})
    db.session.commit()
    return project


def update_project(actor, project: Project, data: ProjectData) -> dict:
    """Change a project; a new status is an event, "done" asks for linked proposals to be solved."""
    message = check_municipalities(actor, data.municipalities, project)
    if message:
        raise Refused(message)
    before = {name: getattr(project, name) for name in TRACKED_FIELDS}
    municipalities_before = {m.id for m in project.municipalities}
    _apply(project, data)
    changes = {name: [_plain(before[name]), _plain(getattr(project, name))]
               for name in TRACKED_FIELDS if before[name] != getattr(project, name)}
    if municipalities_before != {m.id for m in project.municipalities}:
        changes["municipalities"] = [None, ", ".join(m.name for m in project.municipalities)]
    if _replace_funding(project, data.funding):
        changes["funding"] = [None, [[name, str(amount)] for name, amount in data.funding]]
    if changes:
        audit.record(actor, "project.update", "project", project.id,
                     municipality_id=_first_municipality_id(project), details={"changes": changes})
    if "status" in changes:
        _status_changed(actor, project, before["status"])
    db.session.commit()
    return changes


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return None if value is None else str(value)


def _status_changed(actor, project: Project, previous: ProjectStatus) -> None:
    record_event("project.status_changed", "project", project.id, actor,
                 from_status=str(previous), to_status=str(project.status))
    if project.status != ProjectStatus.DONE:
        project.done_at = None
        return
    project.done_at = utcnow()
    record_event("project.done", "project", project.id, actor, title=project.title)
    for link in project.proposal_links:
        if link.proposal.status in AWAITING_SOLVED:
            record_event("proposal.solve_requested", "proposal", link.proposal_id, actor,
                         project_id=project.id, project_title=project.title)


# ----- milestones -----

def check_milestone_dates(planned_on, done_on) -> dict:
    errors = {}
    if done_on and done_on > date.today():
        errors["done_on"] = _l("A milestone cannot be reached in the future: leave the date empty until it is.")
    return errors


def save_milestone(actor, project: Project, milestone: Milestone | None, title: str,
                   planned_on: date | None, done_on: date | None) -> Milestone:
    """Add or change a milestone; reaching one is an event for followers."""
    created = milestone is None
    if created:
        milestone = Milestone(project=project)
        db.session.add(milestone)
    reached_now = done_on is not None and milestone.done_on is None
    before = {"title": milestone.title, "planned_on": _plain(milestone.planned_on), "done_on": _plain(milestone.done_on)}
    milestone.title, milestone.planned_on, milestone.done_on = title.strip(), planned_on, done_on
    db.session.flush()
    audit.record(actor, "project.milestone_add" if created else "project.milestone_change", "project", project.id,
                 municipality_id=_first_municipality_id(project),
                 details={"milestone_id": milestone.id, "title": milestone.title, "before": before,
                          "planned_on": _plain(planned_on), "done_on": _plain(done_on)})
    if reached_now:
        record_event("project.milestone", "project", project.id, actor,
                     milestone_id=milestone.id, title=milestone.title, done_on=done_on.isoformat())
    db.session.commit()
    return milestone


def delete_milestone(actor, project: Project, milestone: Milestone) -> None:
    audit.record(actor, "project.milestone_delete", "project", project.id,
                 municipality_id=_first_municipality_id(project),
                 details={"milestone_id": milestone.id, "title": milestone.title})
    db.session.delete(milestone)
    db.session.commit()


# ----- updates (the timeline) -----

def post_update(actor, project: Project, body: str, posted_on: date | None = None, *,
                image=None, image_description: str = "") -> ProjectUpdate:
    """A dated post with an optional picture; raises storage.UploadRefused for a bad file."""
    stored = storage.store_image(image, "projects") if image is not None else None
    update = ProjectUpdate(project_id=project.id, body=body.strip(), posted_on=posted_on or date.today(),
                           author_id=actor.id, image_description=(image_description or "").strip())
    if stored:
        update.image_key, update.image_content_type = stored.key, stored.content_type
    try:
        db.session.add(update)
        db.session.flush()
        audit.record(actor, "project.update_post", "project", project.id,
                     municipality_id=_first_municipality_id(project), details={"update_id": update.id})
        record_event("project.update", "project", project.id, actor, update_id=update.id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        if stored:
            storage.delete(stored.key)
        raise
    return update


def delete_update(actor, project: Project, update: ProjectUpdate) -> None:
    key = update.image_key
    audit.record(actor, "project.update_delete", "project", project.id,
                 municipality_id=_first_municipality_id(project), details={"update_id": update.id})
    db.session.delete(update)
    db.session.commit()
    storage.delete(key)


# ----- linked proposals -----

def link_proposal(actor, project: Project, proposal: Proposal, note: str) -> ProjectProposal:
    """Link a proposal the project answers; the proposal moves to "in progress" in the same commit."""
    if proposal.status in UNLINKABLE or proposal.hidden_at is not None:
        raise Refused(_l("This proposal cannot be linked: it is a draft, withdrawn, merged or hidden."))
    if not note.strip():
        raise Refused(_l("Write a note on how the project answers the proposal."))
    if db.session.scalar(select(ProjectProposal.id).where(
            ProjectProposal.project_id == project.id, ProjectProposal.proposal_id == proposal.id)):
        raise Refused(_l("This proposal is already linked to this project."))
    link = ProjectProposal(project_id=project.id, proposal_id=proposal.id, note=note.strip(), created_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    if proposal.status in MOVES_TO_PROGRESS:
        change_status_in_transaction(actor, proposal, ProposalStatus.IN_PROGRESS, note.strip())
    audit.record(actor, "project.proposal_link", "project", project.id, reason=note.strip(),
                 municipality_id=proposal.municipalities[0].id if proposal.municipalities else None,
                 details={"proposal_id": proposal.id, "proposal": proposal.title})
    record_event("proposal.linked_to_project", "proposal", proposal.id, actor,
                 project_id=project.id, project_title=project.title, note=note.strip())
    db.session.commit()
    return link


def unlink_proposal(actor, link: ProjectProposal, reason: str) -> None:
    """Unlink with a reason; a proposal left with no project steps back to where it was."""
    if not reason.strip():
        raise Refused(_l("Write the reason for unlinking the proposal."))
    proposal, project = link.proposal, link.project
    db.session.delete(link)
    db.session.flush()
    others = db.session.scalar(select(exists().where(ProjectProposal.proposal_id == proposal.id)))
    if proposal.status == ProposalStatus.IN_PROGRESS and not others:
        tied = db.session.scalar(select(exists().where(AgreementProposal.proposal_id == proposal.id)))
        back = ProposalStatus.IN_COOPERATION if tied else ProposalStatus.UNDER_REVIEW
        change_status_in_transaction(actor, proposal, back, reason.strip())
    audit.record(actor, "project.proposal_unlink", "project", project.id, reason=reason.strip(),
                 municipality_id=proposal.municipalities[0].id if proposal.municipalities else None,
                 details={"proposal_id": proposal.id, "proposal": proposal.title})
    record_event("proposal.unlinked_from_project", "proposal", proposal.id, actor,
                 project_id=project.id, project_title=project.title, reason=reason.strip())
    db.session.commit()


def mark_solved(actor, link: ProjectProposal, reason: str) -> None:
    """The proposal's moderator marks it solved once its project is done."""
    if link.proposal.status not in AWAITING_SOLVED:
        raise Refused(_l("This proposal cannot be marked solved from its current status."))
    change_status_in_transaction(actor, link.proposal, ProposalStatus.SOLVED, reason.strip())
    db.session.commit()
