"""Proposals staff write at the office on a resident's behalf: for a paper participant or an account.

The proposal is created by the proposals' own service in one transaction with its
record here and an audit entry. For an account with consent, the resident is the
author; for a paper participant, the proposal has no author account and says
publicly only "filed at the office on behalf of a resident of <municipality>".
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participation.audit import services as audit
from participation.extensions import db
from participation.proposals import services as proposal_services
from participation.proposals.models import Proposal
from participation.verification.assisted import paper_participant_for, update_address
from participation.verification.models import AssistedKind, AssistedProposal
from participation.verification.residency import VerificationError


@dataclass
class OnBehalfOf:
    """For whom: name, address and birth date of a paper participant, or an account with consent."""

    name: str = ""
    address: str = ""
    born_on: date | None = None
    resident: object = None
    consent: bool = False
    form_code: str = ""


def _check_resident(municipality, person: OnBehalfOf) -> None:
    if not person.consent:
        raise VerificationError(_("Confirm that the resident agreed to this proposal being filed for them."),
                                "consent")
    if not person.resident.is_active:
        raise VerificationError(_("This account is suspended; it cannot file a proposal."), "email")
    if person.resident.home_municipality_id != municipality.id:
        raise VerificationError(_("This resident does not live in %(municipality)s; their own municipality's "
                                  "office can file it.", municipality=municipality.name), "email")


def file_proposal(actor, municipality, data: proposal_services.ProposalData, person: OnBehalfOf) -> Proposal:
    """Publish a proposal written at the office for a resident of the municipality (the view checked the office).

    Raises VerificationError (nothing saved) or the proposals' PostingBlocked.
    """
    participant = None
    if person.resident is not None:
        _check_resident(municipality, person)
        author = person.resident
    else:
        if not person.name.strip() or person.born_on is None:
            raise VerificationError(_("Fill in the name, address and date of birth, or an account."), "name")
        author = actor

    def record(proposal: Proposal) -> None:
        if participant is not None:
            proposal.author_id = None  # nobody's account; the office keeps who it was
        entry = AssistedProposal(
            kind=AssistedKind.ACCOUNT if participant is None else AssistedKind.PAPER, proposal_id=proposal.id,
            municipality_id=municipality.id, paper_participant_id=getattr(participant, "id", None),
            user_id=getattr(person.resident, "id", None), consent=person.resident is not None and person.consent,
            form_code=person.form_code.strip()[:40], recorded_by_id=actor.id)
        db.session.add(entry)
        db.session.flush()
        audit.record(actor, "proposal.assisted_filing", "proposal", proposal.id, municipality_id=municipality.id,
                     details={"entry_id": entry.id, "kind": entry.kind.value, "form_code": entry.form_code},
                     target_user=person.resident)

    try:
        if person.resident is None:
            participant, created = paper_participant_for(actor, municipality.id, person.name, person.address,
                                                         person.born_on)
            if not created:
                update_address(participant, person.address)
        return proposal_services.create_proposal(author, data, publish=True, before_commit=record)
    except Exception:
        db.session.rollback()
        raise


def filing_of(proposal_id: int) -> AssistedProposal | None:
    """The office's record of a proposal filed on someone's behalf (municipality loaded), or None."""
    return db.session.scalar(select(AssistedProposal).options(joinedload(AssistedProposal.municipality))
                             .where(AssistedProposal.proposal_id == proposal_id))
