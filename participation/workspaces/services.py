"""Changes made from the workspaces: the inbox's bulk status change."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.permissions import proposals as proposal_rules
from participation.permissions import workspaces as rules
from participation.proposals.labels import status_label
from participation.proposals.models import Proposal, ProposalStatus
from participation.proposals.services import change_status_in_transaction

# At most this many proposals in one bulk change (a page of the inbox is smaller).
MAX_BULK = 100


class BulkRefused(Exception):
    """Nothing was changed; the message says why (naming the proposal at fault)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message  # lazy: translated when shown

    def __str__(self) -> str:
        return str(self.message)


def _named(proposal: Proposal) -> dict:
    return {"id": proposal.id, "title": proposal.title}


def _check(actor, proposal: Proposal | None, proposal_id: int, new_status: ProposalStatus) -> None:
    """The rules of a one-by-one status change, with a message naming the proposal."""
    if proposal is None or proposal.status == ProposalStatus.DRAFT:
        raise BulkRefused(_l("Proposal #%(id)s does not exist. Nothing was changed.", id=proposal_id))
    if not proposal_rules.can_moderate(actor, proposal):
        raise BulkRefused(_l("Proposal #%(id)s “%(title)s” is outside your scope. Nothing was changed.",
                             **_named(proposal)))
    if not rules.can_bulk_change_status(actor, proposal):
        raise BulkRefused(_l("The status of proposal #%(id)s “%(title)s” cannot be changed from "
                             "“%(status)s”. Nothing was changed.",
                             status=status_label(proposal.status), **_named(proposal)))
    if proposal.status == new_status:
        raise BulkRefused(_l("Proposal #%(id)s “%(title)s” already has the status “%(status)s”. "
                             "Nothing was changed.", status=status_label(new_status), **_named(proposal)))


def change_statuses(actor, proposal_ids, new_status: ProposalStatus, reason: str) -> list[Proposal]:
    """One status and one reason for several proposals, in one transaction: all or nothing.

    Each proposal gets its own status change, audit entry and event for its
    followers, exactly as when its status is changed on its own page.
    """
    ids = sorted(set(proposal_ids))
    reason = (reason or "").strip()
    if not ids:
        raise BulkRefused(_l("Select at least one proposal."))
    if len(ids) > MAX_BULK:
        raise BulkRefused(_l("Select at most %(num)s proposals at once.", num=MAX_BULK))
    if new_status not in proposal_rules.MODERATOR_STATUSES:
        raise BulkRefused(_l("That status cannot be set here."))
    if not reason:
        raise BulkRefused(_l("Say why: residents see the reason on each proposal."))
    found = {p.id: p for p in db.session.scalars(
        select(Proposal).options(selectinload(Proposal.municipalities)).where(Proposal.id.in_(ids))
    )}
    for proposal_id in ids:
        _check(actor, found.get(proposal_id), proposal_id, new_status)
    changed = [found[proposal_id] for proposal_id in ids]
    try:
        for proposal in changed:
            change_status_in_transaction(actor, proposal, new_status, reason)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return changed
