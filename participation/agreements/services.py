"""Every change to agreements and their ties to proposals goes through here.

Each public function is one transaction and commits; each writes an audit
entry, so the agreement's page can show a dated history of its changes.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from participation.agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementProposal,
    AgreementStatus,
    agreement_grouping,
    agreement_municipality,
)
from participation.audit import services as audit
from participation.audit.models import AuditEntry
from participation.comments.models import Thread
from participation.common import storage
from participation.common.text import fold
from participation.extensions import db
from participation.notifications.events import record_event
from participation.permissions.scopes import scope_of
from participation.proposals.models import Proposal, ProposalStatus
from participation.proposals.services import change_status_in_transaction
from participation.territory.models import GroupingMembership

# Fields whose changes are listed in the agreement's history.
TRACKED_FIELDS = ("title", "kind", "status", "summary", "signed_on", "effective_on", "ends_on")
# A proposal in one of these statuses moves to "in cooperation" when tied.
MOVES_TO_COOPERATION = frozenset({
    ProposalStatus.PUBLISHED, ProposalStatus.UNDER_REVIEW, ProposalStatus.NOT_TAKEN_UP,
})
# These cannot be tied at all.
UNTIEABLE = frozenset({ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.MERGED})


class Refused(Exception):
    """A rule said no; the message is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class AgreementData:
    title: str
    kind: AgreementKind
    status: AgreementStatus
    summary: str = ""
    signed_on: date | None = None
    effective_on: date | None = None
    ends_on: date | None = None
    municipalities: list = field(default_factory=list)
    groupings: list = field(default_factory=list)


def _first_municipality_id(agreement: Agreement) -> int | None:
    return agreement.municipalities[0].id if agreement.municipalities else None


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else str(value)


def parties_outside_scope(actor, municipalities, groupings) -> list:
    """The chosen parties the actor does not act for (empty for administrators)."""
    scope = scope_of(actor)
    if scope.everywhere:
        return []
    return ([m for m in municipalities if m.id not in scope.municipality_ids]
            + [g for g in groupings if g.id not in scope.grouping_ids])


def check_parties(actor, municipalities, groupings, agreement: Agreement | None = None):
    """None when the parties are acceptable for this editor, else the message to show.

    At least one party must be within the editor's scope (co-parties outside it
    are allowed: a contract between two municipalities is recorded by either).
    Parties outside the scope that are already on the agreement cannot be removed
    by this editor.
    """
    if not municipalities and not groupings:
        return _l("Choose at least one party: a municipality or a grouping.")
    outside = parties_outside_scope(actor, municipalities, groupings)
    if len(outside) == len(municipalities) + len(groupings):
        names = ", ".join(p.name for p in outside)
        return _l("You do not act for any of these parties (%(names)s). "
                  "At least one party must be a municipality or grouping within your scope.", names=names)
    if agreement is not None:
        chosen = {("m", m.id) for m in municipalities} | {("g", g.id) for g in groupings}
        previous = parties_outside_scope(actor, agreement.municipalities, agreement.groupings)
        removed = [p for p in previous
                   if (("m" if p.__tablename__ == "municipality" else "g"), p.id) not in chosen]
        if removed:
            return _l("You cannot remove a party outside your scope: %(names)s.",
                      names=", ".join(p.name for p in removed))
    return None


def check_dates(signed_on, effective_on, ends_on, status) -> dict:
    """Field name -> message for dates that do not fit together."""
    errors = {}
    start = effective_on or signed_on
    if ends_on and start and ends_on < start:
        errors["ends_on"] = _l("The end date must not be before the start date (%(start)s).",
                               start=start.isoformat())
    if effective_on and signed_on and effective_on < signed_on:
        errors["effective_on"] = _l("An agreement cannot take effect before it is signed.")
    if status in (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE, AgreementStatus.ENDED) and not signed_on:
        errors["signed_on"] = _l("A signed agreement needs its signing date.")
    if status == AgreementStatus.ENDED and not ends_on:
        errors["ends_on"] = _l("An ended agreement needs its end date.")
    return errors


def create_agreement(actor, data: AgreementData) -> Agreement:
    """Record a new agreement with its parties and a discussion thread."""
    message = check_parties(actor, data.municipalities, data.groupings)
    if message:
        raise Refused(message)
    thread = Thread(subject_type="agreement")
    agreement = Agreement(created_by_id=actor.id, thread=thread)
    _apply(agreement, data)
    db.session.add(agreement)
    db.session.flush()
    audit.record(actor, "agreement.create", "agreement", agreement.id,
                 municipality_id=_first_municipality_id(agreement),
                 details={"title": agreement.title, "status": str(agreement.status)})
    db.session.commit()
    return agreement


def _apply(agreement: Agreement, data: AgreementData) -> None:
    agreement.title = data.title.strip()
    agreement.search_title = fold(data.title)
    agreement.kind = data.kind
    agreement.status = data.status
    agreement.summary = data.summary or ""
    agreement.signed_on = data.signed_on
    agreement.effective_on = data.effective_on
    agreement.ends_on = data.ends_on
    agreement.municipalities = list(data.municipalities)
    agreement.groupings = list(data.groupings)


def update_agreement(actor, agreement: Agreement, data: AgreementData) -> dict:
    """Change an agreement; the audit entry lists what changed. Returns the changes."""
    message = check_parties(actor, data.municipalities, data.groupings, agreement)
    if message:
        raise Refused(message)
    before = {name: getattr(agreement, name) for name in TRACKED_FIELDS}
    parties_before = ({m.id for m in agreement.municipalities}, {g.id for g in agreement.groupings})
    _apply(agreement, data)
    changes = {name: [_plain(before[name]), _plain(getattr(agreement, name))]
               for name in TRACKED_FIELDS if before[name] != getattr(agreement, name)}
    if parties_before != ({m.id for m in agreement.municipalities}, {g.id for g in agreement.groupings}):
        changes["parties"] = [None, ", ".join(p.name for p in [*agreement.municipalities, *agreement.groupings])]
    if changes:
        audit.record(actor, "agreement.update", "agreement", agreement.id,
                     municipality_id=_first_municipality_id(agreement), details={"changes": changes})
        if "status" in changes and not agreement.is_draft:
            record_event("agreement.status_changed", "agreement", agreement.id, actor,
                         from_status=changes["status"][0], to_status=changes["status"][1])
    db.session.commit()
    return changes


def add_document(actor, agreement: Agreement, title: str, *, upload=None, url: str | None = None):
    """Attach a PDF (checked and stored) or a link. Raises storage.UploadRefused."""
    document = AgreementDocument(agreement_id=agreement.id, title=title.strip(), added_by_id=actor.id)
    stored = None
    if upload is not None:
        stored = storage.store_pdf(upload, "agreements")
        document.storage_key = stored.key
        document.content_type = stored.content_type
        document.size = stored.size
        document.file_name = stored.display_name
    else:
        document.url = url
    db.session.add(document)
    try:
        db.session.flush()
        audit.record(actor, "agreement.document_add", "agreement", agreement.id,
                     municipality_id=_first_municipality_id(agreement),
                     details={"document": document.title, "document_id": document.id})
        db.session.commit()
    except Exception:
        db.session.rollback()
        if stored:
            storage.delete(stored.key)
        raise
    return document


def remove_document(actor, agreement: Agreement, document: AgreementDocument) -> None:
    """Remove a document; its file is deleted once the database has forgotten it."""
    key = document.storage_key
    audit.record(actor, "agreement.document_remove", "agreement", agreement.id,
                 municipality_id=_first_municipality_id(agreement),
                 details={"document": document.title, "document_id": document.id})
    db.session.delete(document)
    db.session.commit()
    storage.delete(key)


def tie_proposal(actor, agreement: Agreement, proposal: Proposal, note: str) -> AgreementProposal:
    """Tie a proposal to an agreement; the proposal moves to "in cooperation" in the same commit."""
    if proposal.status in UNTIEABLE or proposal.hidden_at is not None:
        raise Refused(_l("This proposal cannot be tied: it is a draft, withdrawn, merged or hidden."))
    if agreement.is_draft:
        raise Refused(_l("Publish the agreement (leave the draft status) before tying proposals to it."))
    if not note.strip():
        raise Refused(_l("Write a note on why the proposal belongs to this agreement."))
    already = db.session.scalar(select(AgreementProposal.id).where(
        AgreementProposal.agreement_id == agreement.id, AgreementProposal.proposal_id == proposal.id))
    if already:
        raise Refused(_l("This proposal is already tied to this agreement."))
    link = AgreementProposal(agreement_id=agreement.id, proposal_id=proposal.id,
                             note=note.strip(), created_by_id=actor.id)
    db.session.add(link)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Refused(_l("This proposal is already tied to this agreement.")) from None
    if proposal.status in MOVES_TO_COOPERATION:
        change_status_in_transaction(actor, proposal, ProposalStatus.IN_COOPERATION, note.strip())
    audit.record(actor, "agreement.proposal_tie", "agreement", agreement.id, reason=note.strip(),
                 municipality_id=proposal.municipalities[0].id if proposal.municipalities else None,
                 details={"proposal_id": proposal.id, "proposal": proposal.title})
    record_event("proposal.tied_to_agreement", "proposal", proposal.id, actor,
                 agreement_id=agreement.id, agreement_title=agreement.title, note=note.strip())
    db.session.commit()
    return link


def untie_proposal(actor, link: AgreementProposal, reason: str) -> None:
    """Untie with a reason; a proposal left with no agreement goes back to "under review"."""
    if not reason.strip():
        raise Refused(_l("Write the reason for untying the proposal."))
    proposal, agreement = link.proposal, link.agreement
    db.session.delete(link)
    db.session.flush()
    others = db.session.scalar(select(exists().where(AgreementProposal.proposal_id == proposal.id)))
    if proposal.status == ProposalStatus.IN_COOPERATION and not others:
        change_status_in_transaction(actor, proposal, ProposalStatus.UNDER_REVIEW, reason.strip())
    audit.record(actor, "agreement.proposal_untie", "agreement", agreement.id, reason=reason.strip(),
                 municipality_id=proposal.municipalities[0].id if proposal.municipalities else None,
                 details={"proposal_id": proposal.id, "proposal": proposal.title})
    record_event("proposal.untied", "proposal", proposal.id, actor,
                 agreement_id=agreement.id, agreement_title=agreement.title, reason=reason.strip())
    db.session.commit()


# ----- reading -----

def visible_condition(user):
    """SQL condition: not a draft, or a draft with a party within the user's scope."""
    scope = scope_of(user)
    if scope.everywhere:
        return true()
    conditions = [Agreement.status != AgreementStatus.DRAFT]
    if scope.municipality_ids:
        conditions.append(Agreement.id.in_(select(agreement_municipality.c.agreement_id).where(
            agreement_municipality.c.municipality_id.in_(scope.municipality_ids))))
    if scope.grouping_ids:
        conditions.append(Agreement.id.in_(select(agreement_grouping.c.agreement_id).where(
            agreement_grouping.c.grouping_id.in_(scope.grouping_ids))))
    return or_(*conditions)


def list_statement(user, *, municipality_id=None, grouping_id=None, kind=None, status=None, q=None):
    """Agreements the user may see, filtered, newest first."""
    statement = select(Agreement).where(visible_condition(user))
    if municipality_id:
        statement = statement.where(Agreement.id.in_(select(agreement_municipality.c.agreement_id).where(
            agreement_municipality.c.municipality_id == municipality_id)))
    if grouping_id:
        members = select(GroupingMembership.municipality_id).where(
            GroupingMembership.grouping_id == grouping_id, GroupingMembership.left_on.is_(None))
        statement = statement.where(or_(
            Agreement.id.in_(select(agreement_grouping.c.agreement_id).where(
                agreement_grouping.c.grouping_id == grouping_id)),
            Agreement.id.in_(select(agreement_municipality.c.agreement_id).where(
                agreement_municipality.c.municipality_id.in_(members))),
        ))
    if kind:
        statement = statement.where(Agreement.kind == kind)
    if status:
        statement = statement.where(Agreement.status == status)
    if q:
        statement = statement.where(Agreement.search_title.contains(fold(q), autoescape=True))
    return statement.options(
        selectinload(Agreement.municipalities), selectinload(Agreement.groupings)
    ).order_by(Agreement.created_at.desc(), Agreement.id.desc())


def search_for_tying(user, q: str, limit: int = 10) -> list[Agreement]:
    """Agreements (not drafts) whose title contains the folded query, for the tie form."""
    statement = select(Agreement).where(Agreement.status != AgreementStatus.DRAFT)
    if q and q.strip():
        statement = statement.where(Agreement.search_title.contains(fold(q), autoescape=True))
    statement = statement.options(selectinload(Agreement.municipalities), selectinload(Agreement.groupings))
    return list(db.session.scalars(statement.order_by(Agreement.title).limit(limit)))


def load_agreement(agreement_id: int) -> Agreement | None:
    """An agreement with everything its page shows, in a fixed number of queries."""
    return db.session.scalars(
        select(Agreement).where(Agreement.id == agreement_id).options(
            selectinload(Agreement.municipalities),
            selectinload(Agreement.groupings),
            selectinload(Agreement.documents),
            selectinload(Agreement.proposal_links).selectinload(AgreementProposal.proposal),
        )
    ).first()


def history(agreement: Agreement) -> list[AuditEntry]:
    """The agreement's dated changes, oldest first."""
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == "agreement", AuditEntry.subject_id == agreement.id)
        .order_by(AuditEntry.created_at, AuditEntry.id)
    ))


def links_of_proposal(proposal_id: int) -> list[AgreementProposal]:
    """The agreements a proposal is tied to (not drafts), for the proposal's page."""
    return list(db.session.scalars(
        select(AgreementProposal).join(Agreement)
        .where(AgreementProposal.proposal_id == proposal_id, Agreement.status != AgreementStatus.DRAFT)
        .options(selectinload(AgreementProposal.agreement))
        .order_by(AgreementProposal.created_at)
    ))


def of_municipality(municipality_id: int, limit: int = 20) -> list[Agreement]:
    """Public agreements a municipality is a party to, for its page."""
    return list(db.session.scalars(
        select(Agreement).where(
            Agreement.status != AgreementStatus.DRAFT,
            Agreement.id.in_(select(agreement_municipality.c.agreement_id).where(
                agreement_municipality.c.municipality_id == municipality_id)),
        ).order_by(Agreement.created_at.desc()).limit(limit)
    ))


def of_grouping(grouping_id: int, limit: int = 20) -> list[Agreement]:
    """Public agreements of a grouping (as a party), for its page."""
    return list(db.session.scalars(
        select(Agreement).where(
            Agreement.status != AgreementStatus.DRAFT,
            Agreement.id.in_(select(agreement_grouping.c.agreement_id).where(
                agreement_grouping.c.grouping_id == grouping_id)),
        ).order_by(Agreement.created_at.desc()).limit(limit)
    ))
