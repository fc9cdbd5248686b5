"""Linking an item to the proposal it answers, and unlinking it, configured per item kind.

A link moves the proposal along its lifecycle (an agreement: "in cooperation";
a project: "in progress") in the same transaction that writes the link, the
item's audit entry and the proposal's event for its followers. Unlinking with
a reason moves the proposal back once no link of that kind is left.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from participation.audit import services as audit
from participation.chain.errors import Refused
from participation.events.services import record_event
from participation.extensions import db
from participation.proposals.models import ProposalStatus
from participation.proposals.services import change_status_in_transaction

# These can never be linked to anything.
UNLINKABLE = frozenset({ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.MERGED})


@dataclass(frozen=True)
class LinkMessages:
    cannot_link: str
    needs_note: str
    already_linked: str
    needs_reason: str


@dataclass(frozen=True)
class ProposalLinking:
    """How one item kind links to proposals: its link table, what moves, what is written."""

    link_model: type  # with item_id (named `<item>_id`), proposal_id, note, created_by_id
    item_name: str  # "agreement": names the link's foreign key, the audit subject and the event payload
    audit_link: str
    audit_unlink: str
    event_link: str
    event_unlink: str
    moves_to: ProposalStatus | None  # where a linked proposal goes (None: a link that moves nothing, e.g. a locality)
    moves_from: frozenset  # the statuses it goes there from
    messages: LinkMessages
    # Where a proposal in `moves_to` goes when its last link of this kind is removed.
    status_when_unlinked: Callable
    # An extra rule on the item (e.g. no drafts): the refusal message, or None.
    check_item: Callable = lambda item: None

    @property
    def item_model(self) -> type:
        return getattr(self.link_model, self.item_name).property.mapper.class_

    @property
    def item_key(self) -> str:
        return f"{self.item_name}_id"

    def find(self, item_id: int, proposal_id: int):
        """The link between this item and this proposal, or None."""
        return db.session.scalars(select(self.link_model).where(
            getattr(self.link_model, self.item_key) == item_id,
            self.link_model.proposal_id == proposal_id)).first()


def _audit_and_event(actor, linking: ProposalLinking, item, proposal, action: str, event: str,
                     text_name: str, text: str) -> None:
    """The item's audit entry and the proposal's event; `text` is the note or the reason."""
    audit.record(actor, action, linking.item_name, item.id, reason=text,
                 municipality_id=proposal.municipalities[0].id if proposal.municipalities else None,
                 details={"proposal_id": proposal.id, "proposal": proposal.title})
    record_event(event, "proposal", proposal.id, actor, **{
        linking.item_key: item.id, f"{linking.item_name}_title": item.title, text_name: text})


def link_proposal(actor, linking: ProposalLinking, item, proposal, note: str):
    """Link a proposal to the item that answers it; the proposal moves along in the same commit."""
    if proposal.status in UNLINKABLE or proposal.hidden_at is not None:
        raise Refused(linking.messages.cannot_link)
    message = linking.check_item(item)
    if message:
        raise Refused(message)
    note = note.strip()
    if not note:
        raise Refused(linking.messages.needs_note)
    if linking.find(item.id, proposal.id) is not None:
        raise Refused(linking.messages.already_linked)
    link = linking.link_model(proposal_id=proposal.id, note=note, created_by_id=actor.id,
                              **{linking.item_key: item.id})
    db.session.add(link)
    try:
        db.session.flush()
    except IntegrityError:  # the same link written at the same moment by someone else
        db.session.rollback()
        raise Refused(linking.messages.already_linked) from None
    if linking.moves_to is not None and proposal.status in linking.moves_from:
        change_status_in_transaction(actor, proposal, linking.moves_to, note)
    _audit_and_event(actor, linking, item, proposal, linking.audit_link, linking.event_link, "note", note)
    db.session.commit()
    return link


def unlink_proposal(actor, linking: ProposalLinking, link, reason: str) -> None:
    """Unlink with a reason; a proposal left with no link of this kind steps back."""
    reason = reason.strip()
    if not reason:
        raise Refused(linking.messages.needs_reason)
    proposal, item = link.proposal, getattr(link, linking.item_name)
    db.session.delete(link)
    db.session.flush()
    others = db.session.scalar(select(exists().where(linking.link_model.proposal_id == proposal.id)))
    if linking.moves_to is not None and proposal.status == linking.moves_to and not others:
        change_status_in_transaction(actor, proposal, linking.status_when_unlinked(proposal), reason)
    _audit_and_event(actor, linking, item, proposal, linking.audit_unlink, linking.event_unlink,
                     "reason", reason)
    db.session.commit()
