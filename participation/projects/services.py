"""Every change to projects goes through here: one transaction and one audit entry each."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from participation.agreements.models import Agreement, AgreementProposal
from participation.audit import services as audit
from participation.chain import changes, linking
from participation.chain.errors import Refused
from participation.chain.scoping import ScopeMessages, check_scope
from participation.comments.models import Thread
from participation.common import storage
from participation.common.models import utcnow
from participation.common.text import fold
from participation.events.services import record_event
from participation.extensions import db
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
from participation.territory import geo

__all__ = ["Refused", "ProjectData", "check_municipalities", "funding_warning", "create_project", "update_project",
           "save_milestone", "delete_milestone", "post_update", "delete_update", "link_proposal",
           "unlink_proposal", "mark_solved", "LINKS", "AWAITING_SOLVED"]

TRACKED_FIELDS = ("title", "kind", "status", "description", "agreement_id", "budget", "progress_mode",
                  "manual_progress", "place_name", "latitude", "longitude", "route")
# Statuses in which a proposal still waits for "solved".
AWAITING_SOLVED = frozenset({
    ProposalStatus.PUBLISHED, ProposalStatus.UNDER_REVIEW, ProposalStatus.IN_COOPERATION,
    ProposalStatus.IN_PROGRESS,
})


MUNICIPALITY_MESSAGES = ScopeMessages(
    none_chosen=_l("Choose at least one municipality."),
    all_outside=_l("You do not act for any of these municipalities (%(names)s). "
                   "At least one must be within your scope."),
    cannot_remove=_l("You cannot remove a municipality outside your scope: %(names)s."),
)


def _status_when_unlinked(proposal: Proposal) -> ProposalStatus:
    """Back to "in cooperation" if an agreement still ties the proposal, else to "under review"."""
    tied = db.session.scalar(select(exists().where(AgreementProposal.proposal_id == proposal.id)))
    return ProposalStatus.IN_COOPERATION if tied else ProposalStatus.UNDER_REVIEW


# Linking a proposal moves it to "in progress"; unlinking the last project steps it back.
LINKS = linking.ProposalLinking(
    link_model=ProjectProposal, item_name="project",
    audit_link="project.proposal_link", audit_unlink="project.proposal_unlink",
    event_link="proposal.linked_to_project", event_unlink="proposal.unlinked_from_project",
    moves_to=ProposalStatus.IN_PROGRESS,
    moves_from=frozenset({ProposalStatus.PUBLISHED, ProposalStatus.UNDER_REVIEW, ProposalStatus.IN_COOPERATION,
                          ProposalStatus.NOT_TAKEN_UP}),
    status_when_unlinked=_status_when_unlinked,
    messages=linking.LinkMessages(
        cannot_link=_l("This proposal cannot be linked: it is a draft, withdrawn, merged or hidden."),
        needs_note=_l("Write a note on how the project answers the proposal."),
        already_linked=_l("This proposal is already linked to this project."),
        needs_reason=_l("Write the reason for unlinking the proposal."),
    ),
)


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
    # (latitude, longitude) points of the project's line on the map, or None.
    route: list[tuple[float, float]] | None = None


def _czk(amount: Decimal) -> str:
    return format_decimal(amount, "#,##0.##") + " Kč"


def check_municipalities(actor, municipalities, project: Project | None = None):
    """None when the municipalities suit this editor, else the message to show next to the field."""
    return check_scope(actor, MUNICIPALITY_MESSAGES, municipalities, (), project)


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
    project.route = geo.route_to_geojson(data.route)
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
                 municipality_id=changes.first_municipality_id(project),
                 details={"title": project.title, "status": str(project.status)})
    db.session.commit()
    return project


def update_project(actor, project: Project, data: ProjectData) -> dict:
    """Change a project; a new status is an event, "done" asks for linked proposals to be solved."""
    message = check_municipalities(actor, data.municipalities, project)
    if message:
        raise Refused(message)
    before = changes.snapshot(project, TRACKED_FIELDS)
    municipalities_before = {m.id for m in project.municipalities}
    _apply(project, data)
    changed = changes.changed_fields(project, before)
    if municipalities_before != {m.id for m in project.municipalities}:
        changed["municipalities"] = [None, ", ".join(m.name for m in project.municipalities)]
    if _replace_funding(project, data.funding):
        changed["funding"] = [None, [[name, str(amount)] for name, amount in data.funding]]
    if changed:
        audit.record(actor, "project.update", "project", project.id,
                     municipality_id=changes.first_municipality_id(project), details={"changes": changed})
    if "status" in changed:
        _status_changed(actor, project, before["status"])
    db.session.commit()
    return changed


# What other domains do, in the same transaction, when a project is marked done (localities: every dwelling
# the project covers counts as connected). They register here: projects may not import them.
_when_done: list[Callable] = []


def when_done(callback: Callable) -> Callable:
    """Register `callback(actor, project)` to run in the transaction that marks a project done."""
    if callback not in _when_done:
        _when_done.append(callback)
    return callback


def _status_changed(actor, project: Project, previous: ProjectStatus) -> None:
    record_event("project.status_changed", "project", project.id, actor,
                 from_status=str(previous), to_status=str(project.status))
    if project.status != ProjectStatus.DONE:
        project.done_at = None
        return
    project.done_at = utcnow()
    record_event("project.done", "project", project.id, actor, title=project.title)
    for callback in _when_done:
        callback(actor, project)
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
    before = {"title": milestone.title, "planned_on": changes.plain(milestone.planned_on), "done_on": changes.plain(milestone.done_on)}
    milestone.title, milestone.planned_on, milestone.done_on = title.strip(), planned_on, done_on
    db.session.flush()
    audit.record(actor, "project.milestone_add" if created else "project.milestone_change", "project", project.id,
                 municipality_id=changes.first_municipality_id(project),
                 details={"milestone_id": milestone.id, "title": milestone.title, "before": before,
                          "planned_on": changes.plain(planned_on), "done_on": changes.plain(done_on)})
    if reached_now:
        record_event("project.milestone", "project", project.id, actor,
                     milestone_id=milestone.id, title=milestone.title, done_on=done_on.isoformat())
    db.session.commit()
    return milestone


def delete_milestone(actor, project: Project, milestone: Milestone) -> None:
    audit.record(actor, "project.milestone_delete", "project", project.id,
                 municipality_id=changes.first_municipality_id(project),
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
    with changes.stored_file_kept_on_commit(stored):
        db.session.add(update)
        db.session.flush()
        audit.record(actor, "project.update_post", "project", project.id,
                     municipality_id=changes.first_municipality_id(project), details={"update_id": update.id})
        record_event("project.update", "project", project.id, actor, update_id=update.id)
        db.session.commit()
    return update


def delete_update(actor, project: Project, update: ProjectUpdate) -> None:
    """Remove a timeline post; its picture is deleted once the database has forgotten it."""
    changes.remove_with_file(actor, project, update, update.image_key, "project.update_delete",
                             {"update_id": update.id})


# ----- linked proposals -----

def link_proposal(actor, project: Project, proposal: Proposal, note: str) -> ProjectProposal:
    """Link a proposal the project answers; the proposal moves to "in progress" in the same commit."""
    return linking.link_proposal(actor, LINKS, project, proposal, note)


def unlink_proposal(actor, link: ProjectProposal, reason: str) -> None:
    """Unlink with a reason; a proposal left with no project steps back to where it was."""
    linking.unlink_proposal(actor, LINKS, link, reason)


def mark_solved(actor, link: ProjectProposal, reason: str) -> None:
    """The proposal's moderator marks it solved once its project is done."""
    if link.proposal.status not in AWAITING_SOLVED:
        raise Refused(_l("This proposal cannot be marked solved from its current status."))
    change_status_in_transaction(actor, link.proposal, ProposalStatus.SOLVED, reason.strip())
    db.session.commit()
