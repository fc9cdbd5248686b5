"""Every change to agreements and their ties to proposals goes through here.

Each public function is one transaction and commits; each writes an audit
entry, so the agreement's page can show a dated history of its changes.
Scoping, linking and the audit trail are the shared ones of `chain`,
configured here for agreements.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from participation.agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementProposal,
    AgreementStatus,
)
from participation.audit import services as audit
from participation.chain import changes, linking
from participation.chain.errors import Refused
from participation.chain.scoping import ScopeMessages, check_scope
from participation.comments.models import Thread
from participation.common import storage
from participation.common.text import fold
from participation.events.services import record_event
from participation.extensions import db
from participation.proposals.models import ProposalStatus

__all__ = ["Refused", "AgreementData", "check_parties", "check_dates", "create_agreement", "update_agreement",
           "add_document", "remove_document", "tie_proposal", "untie_proposal", "TIES"]

# Fields whose changes are listed in the agreement's history.
TRACKED_FIELDS = ("title", "kind", "status", "summary", "signed_on", "effective_on", "ends_on")

PARTY_MESSAGES = ScopeMessages(
    none_chosen=_l("Choose at least one party: a municipality or a grouping."),
    all_outside=_l("You do not act for any of these parties (%(names)s). "
                   "At least one party must be a municipality or grouping within your scope."),
    cannot_remove=_l("You cannot remove a party outside your scope: %(names)s."),
)

# Tying a proposal moves it to "in cooperation"; untying the last tie sends it back to "under review".
TIES = linking.ProposalLinking(
    link_model=AgreementProposal, item_name="agreement",
    audit_link="agreement.proposal_tie", audit_unlink="agreement.proposal_untie",
    event_link="proposal.tied_to_agreement", event_unlink="proposal.untied",
    moves_to=ProposalStatus.IN_COOPERATION,
    moves_from=frozenset({ProposalStatus.PUBLISHED, ProposalStatus.UNDER_REVIEW, ProposalStatus.NOT_TAKEN_UP}),
    status_when_unlinked=lambda proposal: ProposalStatus.UNDER_REVIEW,
    check_item=lambda agreement: (
        _l("Publish the agreement (leave the draft status) before tying proposals to it.")
        if agreement.is_draft else None),
    messages=linking.LinkMessages(
        cannot_link=_l("This proposal cannot be tied: it is a draft, withdrawn, merged or hidden."),
        needs_note=_l("Write a note on why the proposal belongs to this agreement."),
        already_linked=_l("This proposal is already tied to this agreement."),
        needs_reason=_l("Write the reason for untying the proposal."),
    ),
)


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
    # Organisations (operators) as parties; None keeps the agreement's current ones (the edit form has none).
    operators: list | None = None


def check_parties(actor, municipalities, groupings, agreement: Agreement | None = None):
    """None when the parties are acceptable for this editor, else the message to show."""
    return check_scope(actor, PARTY_MESSAGES, municipalities, groupings, agreement)


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


def create_agreement(actor, data: AgreementData, before_commit=None) -> Agreement:
    """Record a new agreement with its parties and a discussion thread.

    `before_commit(agreement)` lets a caller (an agreed access request) tie its own rows in the same transaction.
    """
    message = check_parties(actor, data.municipalities, data.groupings)
    if message:
        raise Refused(message)
    agreement = Agreement(created_by_id=actor.id, thread=Thread(subject_type="agreement"))
    _apply(agreement, data)
    db.session.add(agreement)
    db.session.flush()
    audit.record(actor, "agreement.create", "agreement", agreement.id,
                 municipality_id=changes.first_municipality_id(agreement),
                 details={"title": agreement.title, "status": str(agreement.status),
                          **({"operators": [o.id for o in agreement.operators]} if agreement.operators else {})})
    if before_commit is not None:
        before_commit(agreement)
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
    if data.operators is not None:
        agreement.operators = list(data.operators)


def _party_ids(agreement: Agreement) -> tuple[set, set]:
    return {m.id for m in agreement.municipalities}, {g.id for g in agreement.groupings}


def update_agreement(actor, agreement: Agreement, data: AgreementData) -> dict:
    """Change an agreement; the audit entry lists what changed. Returns the changes."""
    message = check_parties(actor, data.municipalities, data.groupings, agreement)
    if message:
        raise Refused(message)
    before = changes.snapshot(agreement, TRACKED_FIELDS)
    parties_before = _party_ids(agreement)
    _apply(agreement, data)
    changed = changes.changed_fields(agreement, before)
    if parties_before != _party_ids(agreement):
        changed["parties"] = [None, ", ".join(p.name for p in [*agreement.municipalities, *agreement.groupings])]
    if changed:
        audit.record(actor, "agreement.update", "agreement", agreement.id,
                     municipality_id=changes.first_municipality_id(agreement), details={"changes": changed})
        if "status" in changed and not agreement.is_draft:
            record_event("agreement.status_changed", "agreement", agreement.id, actor,
                         from_status=changed["status"][0], to_status=changed["status"][1])
    db.session.commit()
    return changed


def add_document(actor, agreement: Agreement, title: str, *, upload=None, url: str | None = None):
    """Attach a PDF (checked and stored) or a link. Raises storage.UploadRefused."""
    document = AgreementDocument(agreement_id=agreement.id, title=title.strip(), added_by_id=actor.id)
    stored = storage.store_pdf(upload, "agreements") if upload is not None else None
    if stored:
        document.storage_key, document.content_type = stored.key, stored.content_type
        document.size, document.file_name = stored.size, stored.display_name
    else:
        document.url = url
    with changes.stored_file_kept_on_commit(stored):
        db.session.add(document)
        db.session.flush()
        audit.record(actor, "agreement.document_add", "agreement", agreement.id,
                     municipality_id=changes.first_municipality_id(agreement),
                     details={"document": document.title, "document_id": document.id})
        db.session.commit()
    return document


def remove_document(actor, agreement: Agreement, document: AgreementDocument) -> None:
    """Remove a document; its file is deleted once the database has forgotten it."""
    changes.remove_with_file(actor, agreement, document, document.storage_key, "agreement.document_remove",
                             {"document": document.title, "document_id": document.id})


def tie_proposal(actor, agreement: Agreement, proposal, note: str) -> AgreementProposal:
    """Tie a proposal to an agreement; the proposal moves to "in cooperation" in the same commit."""
    return linking.link_proposal(actor, TIES, agreement, proposal, note)


def untie_proposal(actor, link: AgreementProposal, reason: str) -> None:
    """Untie with a reason; a proposal left with no agreement goes back to "under review"."""
    linking.unlink_proposal(actor, TIES, link, reason)
