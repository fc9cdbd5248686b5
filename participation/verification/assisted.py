"""Supports staff file on a resident's behalf: for a paper participant or an existing account.

Counted once per proposal however many times a form is typed in: a second
entry for the same person is refused with a message naming the first. A paper
participant who has a verified account (same name and date of birth) counts as
that account, so an online and a paper support by one person never both count.
"""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from participation.accounts.models import User
from participation.audit import services as audit
from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.models import Proposal, Support, SupportSource
from participation.proposals.services import check_threshold
from participation.verification import keys
from participation.verification.models import (
    AssistedEntry,
    AssistedKind,
    PaperParticipant,
    ResidencyVerification,
)
from participation.verification.residency import VerificationError


class DuplicateEntry(VerificationError):
    """The person is already counted for this proposal."""


def _earlier_support_message(support: Support, entry: AssistedEntry | None) -> str:
    when = format_date(support.created_at)
    if entry is not None:
        code = f" ({entry.form_code})" if entry.form_code else ""
        return _("Already counted: entered on %(when)s as entry no. %(number)d%(code)s. Nothing was added.",
                 when=when, number=entry.id, code=code)
    if support.source == SupportSource.ONLINE:
        return _("Already counted: this person supported the proposal online on %(when)s. Nothing was added.",
                 when=when)
    return _("Already counted: a support by this person was recorded on %(when)s. Nothing was added.", when=when)


def _refuse_if_supported(proposal: Proposal, *, user_id: int | None = None,
                         participant_id: int | None = None) -> None:
    """Raise DuplicateEntry naming the earlier support of this account or paper participant."""
    if user_id is not None:
        support = db.session.scalar(select(Support).where(
            Support.proposal_id == proposal.id, Support.user_id == user_id))
        entry = support and db.session.scalar(select(AssistedEntry).where(AssistedEntry.support_id == support.id))
    else:
        entry = db.session.scalar(select(AssistedEntry).where(
            AssistedEntry.proposal_id == proposal.id, AssistedEntry.paper_participant_id == participant_id))
        support = entry and (db.session.get(Support, entry.support_id) if entry.support_id else None)
        if entry is not None and support is None:
            raise DuplicateEntry(_earlier_entry_only(entry))
    if support is not None:
        raise DuplicateEntry(_earlier_support_message(support, entry))


def _earlier_entry_only(entry: AssistedEntry) -> str:
    return _("Already counted: entered on %(when)s as entry no. %(number)d. Nothing was added.",
             when=format_date(entry.created_at), number=entry.id)


def verified_account_with(municipality_id: int, identity_key: str):
    """The verified account of the person with this identity in this municipality, or None."""
    return db.session.scalar(
        select(User).join(ResidencyVerification, ResidencyVerification.user_id == User.id).where(
            ResidencyVerification.identity_key == identity_key,
            ResidencyVerification.municipality_id == municipality_id,
            User.home_municipality_id == municipality_id,
            User.residency_verified_at.is_not(None),
            User.deleted_at.is_(None),
        ).limit(1)
    )


def _add_support(actor, proposal: Proposal, municipality_id: int, *, kind: AssistedKind, user_id=None,
                 participant_id=None, consent=False, form_code="") -> AssistedEntry:
    support = Support(proposal_id=proposal.id, user_id=user_id, municipality_id=municipality_id,
                      source=SupportSource.PAPER, recorded_by_id=actor.id)
    db.session.add(support)
    db.session.flush()
    entry = AssistedEntry(kind=kind, proposal_id=proposal.id, support_id=support.id, municipality_id=municipality_id,
                          paper_participant_id=participant_id, user_id=user_id, consent=consent,
                          form_code=form_code.strip()[:40], recorded_by_id=actor.id)
    db.session.add(entry)
    proposal.last_activity_at = utcnow()
    db.session.flush()
    audit.record(actor, "proposal.assisted_support", "proposal", proposal.id, municipality_id=municipality_id,
                 details={"entry_id": entry.id, "kind": kind.value, "form_code": entry.form_code},
                 target_user=db.session.get(User, user_id) if user_id else None)
    return entry


def paper_participant_for(actor, municipality_id: int, name: str, address: str,
                          born_on: date) -> tuple[PaperParticipant, bool]:
    """The municipality's paper participant with this name and date of birth, kept if new: (participant, created)."""
    key = keys.identity_key(municipality_id, name, born_on)
    participant = db.session.scalar(select(PaperParticipant).where(
        PaperParticipant.municipality_id == municipality_id, PaperParticipant.identity_key == key))
    if participant is not None:
        return participant, False
    participant = PaperParticipant(municipality_id=municipality_id, identity_key=key, name=name.strip(),
                                   address=address.strip(), created_by_id=actor.id)
    db.session.add(participant)
    db.session.flush()
    return participant, True


def update_address(participant: PaperParticipant, address: str) -> None:
    """A newer form's address, unless the person asked to be removed."""
    if participant.erased_at is None:
        participant.address = address.strip() or participant.address


def resident_by_email(email: str):
    """The account with this email address (any case), or None when there is none or it was deleted."""
    resident = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    return None if resident is None or resident.is_deleted else resident


def file_paper_support(actor, proposal: Proposal, municipality_id: int, name: str, address: str,
                       born_on: date, form_code: str = "") -> AssistedEntry:
    """A support from a paper form; the person is found or kept as a paper participant of the municipality."""
    key = keys.identity_key(municipality_id, name, born_on)
    account = verified_account_with(municipality_id, key)
    if account is not None:
        _refuse_if_supported(proposal, user_id=account.id)
        entry = _add_support(actor, proposal, municipality_id, kind=AssistedKind.ACCOUNT, user_id=account.id,
                             form_code=form_code)
    else:
        participant, created = paper_participant_for(actor, municipality_id, name, address, born_on)
        if not created:
            _refuse_if_supported(proposal, participant_id=participant.id)
            update_address(participant, address)
        entry = _add_support(actor, proposal, municipality_id, kind=AssistedKind.PAPER,
                             participant_id=participant.id, form_code=form_code)
    db.session.commit()
    check_threshold(proposal)
    return entry


def file_account_support(actor, proposal: Proposal, resident, consent: bool, form_code: str = "") -> AssistedEntry:
    """A support for an existing account, given in person at the office with the resident's consent."""
    if not consent:
        raise VerificationError(_("Confirm that the resident agreed to this support being filed for them."),
                                "consent")
    if resident.home_municipality_id is None:
        raise VerificationError(_("This account has no home municipality; the support would count nowhere."),
                                "email")
    _refuse_if_supported(proposal, user_id=resident.id)
    entry = _add_support(actor, proposal, resident.home_municipality_id, kind=AssistedKind.ACCOUNT,
                         user_id=resident.id, consent=True, form_code=form_code)
    db.session.commit()
    check_threshold(proposal)
    return entry


def record_refused(actor, proposal: Proposal, municipality_id: int | None, message: str) -> None:
    """A refused duplicate goes to the audit log too, so the office desk can count it."""
    audit.record(actor, "proposal.assisted_duplicate", "proposal", proposal.id, municipality_id=municipality_id,
                 reason=message)
    db.session.commit()


def erase_paper_participant(actor, participant: PaperParticipant) -> None:
    """On the person's request: name and address go; what they supported stays counted, once."""
    participant.name = ""
    participant.address = ""
    participant.erased_at = utcnow()
    audit.record(actor, "paper_participant.erase", "paper_participant", participant.id,
                 municipality_id=participant.municipality_id)
    db.session.commit()


def participants_of(municipality_id: int):
    """The municipality's paper participants, newest first (a statement to paginate)."""
    return (select(PaperParticipant).where(PaperParticipant.municipality_id == municipality_id)
            .order_by(PaperParticipant.created_at.desc(), PaperParticipant.id.desc()))


def has_paper_participants(municipality_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(PaperParticipant.municipality_id == municipality_id))))
