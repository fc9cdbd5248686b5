"""Proposals staff write at the office on a resident's behalf: for a paper participant or an account.

The proposal is created by the proposals' own service in one transaction with its
record here and an audit entry. For an account with consent, the resident is the
author; for a paper participant, the proposal has no author account and says
publicly only "filed at the office on behalf of a resident of <municipality>".
"""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participation.audit import services as audit
from participation.extensions import db
from participation.proposals import services as proposal_services
from participation.proposals.models import Proposal
from participation.verification.filing import OnBehalfOf, Refusals, check_person, entry_fields, file_for
from participation.verification.models import AssistedProposal


def _refusals() -> Refusals:
    return Refusals(no_consent=_("Confirm that the resident agreed to this proposal being filed for them."),
                    suspended=_("This account is suspended; it cannot file a proposal."))


def file_proposal(actor, municipality, data: proposal_services.ProposalData, person: OnBehalfOf) -> Proposal:
    """Publish a proposal written at the office for a resident of the municipality (the view checked the office).

    Raises VerificationError (nothing saved) or the proposals' PostingBlocked.
    """
    check_person(municipality, person, _refusals())

    def record(proposal: Proposal, participant) -> None:
        entry = AssistedProposal(proposal_id=proposal.id, **entry_fields(actor, municipality, person, participant))
        db.session.add(entry)
        db.session.flush()
        audit.record(actor, "proposal.assisted_filing", "proposal", proposal.id, municipality_id=municipality.id,
                     details={"entry_id": entry.id, "kind": entry.kind.value, "form_code": entry.form_code},
                     target_user=person.resident)

    return file_for(actor, municipality, person, record=record,
                    create=lambda author, before_commit: proposal_services.create_proposal(
                        author, data, publish=True, before_commit=before_commit))


def filing_of(proposal_id: int) -> AssistedProposal | None:
    """The office's record of a proposal filed on someone's behalf (municipality loaded), or None."""
    return db.session.scalar(select(AssistedProposal).options(joinedload(AssistedProposal.municipality))
                             .where(AssistedProposal.proposal_id == proposal_id))
