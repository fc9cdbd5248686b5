"""Filing something at the office on a resident's behalf: the part a proposal and a comment share.

Who the item is for (an account with the resident's consent, or a paper
participant named by name, address and birth date), the checks on that person,
and one transaction in which the domain's own service creates the item, the
office's record of it is written and, for a paper participant, the item is
left without an author account.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from participation.extensions import db
from participation.verification.assisted import paper_participant_for, update_address
from participation.verification.models import AssistedKind
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


@dataclass(frozen=True)
class Refusals:
    """What this kind of item says when the resident did not consent, or their account is suspended."""

    no_consent: str
    suspended: str


def check_person(municipality, person: OnBehalfOf, refusals: Refusals) -> None:
    """The person may have this filed here: a consenting, active resident of the municipality, or a named paper one."""
    if person.resident is None:
        if not person.name.strip() or person.born_on is None:
            raise VerificationError(_("Fill in the name, address and date of birth, or an account."), "name")
        return
    if not person.consent:
        raise VerificationError(refusals.no_consent, "consent")
    if not person.resident.is_active:
        raise VerificationError(refusals.suspended, "email")
    if person.resident.home_municipality_id != municipality.id:
        raise VerificationError(_("This resident does not live in %(municipality)s; their own municipality's "
                                  "office can file it.", municipality=municipality.name), "email")


def entry_fields(actor, municipality, person: OnBehalfOf, participant) -> dict:
    """The columns every office record shares (see models.AssistedFiling)."""
    return dict(kind=AssistedKind.ACCOUNT if participant is None else AssistedKind.PAPER,
                municipality_id=municipality.id, paper_participant_id=getattr(participant, "id", None),
                user_id=getattr(person.resident, "id", None), consent=person.resident is not None and person.consent,
                form_code=person.form_code.strip()[:40], recorded_by_id=actor.id)


def file_for(actor, municipality, person: OnBehalfOf, create: Callable, record: Callable):
    """Create the item in one transaction: `create(author, before_commit)` is the domain's service,
    `record(item, participant)` writes the office's record before the commit.

    The author is the resident's account, or the office worker while the item is being created for a
    paper participant; the item then loses its author before the commit, so it has no author account.
    """
    participant = None
    author = person.resident if person.resident is not None else actor

    def before_commit(item) -> None:
        if participant is not None:
            item.author_id = None  # nobody's account; the office keeps who it was
        record(item, participant)

    try:
        if person.resident is None:
            participant, created = paper_participant_for(actor, municipality.id, person.name, person.address,
                                                         person.born_on)
            if not created:
                update_address(participant, person.address)
        return create(author, before_commit)
    except Exception:
        db.session.rollback()
        raise
