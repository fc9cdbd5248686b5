"""Demo residency and paper participation: verified residents with their history, paper participants.

In Česká Třebová (the demo moderator's municipality): the demo residents the
proposals' seed marked verified get a verification record (in person, by
letter or by the register), a few paper participants support proposals, a
register is uploaded and one unverified account gets a letter code printed in
the seed's output. Running it again adds nothing twice.
"""

from datetime import date

from sqlalchemy import exists, select

from participation.accounts.models import Role, RoleKind, User
from participation.admin.demo_data import demo_password_hash
from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.models import OPEN_STATUSES, Proposal, proposal_municipality
from participation.territory.models import Municipality
from participation.verification import assisted, residency
from participation.verification.models import (
    DocumentKind,
    PaperParticipant,
    RegisterEntry,
    ResidencyVerification,
    VerificationMethod,
)

MUNICIPALITY = "Česká Třebová"
UNVERIFIED_EMAIL = "neovereny@example.cz"
PAPER_PEOPLE = (
    ("Božena Horáková", "Česká Třebová, Husova 12", date(1941, 5, 3)),
    ("František Dvořák", "Česká Třebová, Kozlov 7", date(1938, 11, 21)),
    ("Ludmila Šťastná", "Česká Třebová, Parník 150", date(1952, 2, 14)),
    ("Jaroslav Černý", "Česká Třebová, Svitavská 44", date(1949, 8, 30)),
)
REGISTER_CSV = "name;date_of_birth;address\n" + "\n".join(
    f"{name};{born.strftime('%d.%m.%Y')};{address}" for name, address, born in PAPER_PEOPLE
) + "\nTomáš Nový;12.04.1990;Česká Třebová, Nádražní 3\n"


def seed(context: dict) -> None:
    """Verification records, paper participants, a register and one letter code for the demo."""
    municipality = db.session.scalar(select(Municipality).where(Municipality.name == MUNICIPALITY))
    moderator = municipality and db.session.scalar(
        select(User).join(Role, Role.user_id == User.id)
        .where(Role.kind == RoleKind.MODERATOR, Role.municipality_id == municipality.id).order_by(User.id).limit(1))
    if municipality is None or moderator is None:
        return
    _record_verifications(municipality, moderator)
    if not db.session.scalar(select(exists().where(RegisterEntry.municipality_id == municipality.id))):
        residency.import_register(moderator, municipality, REGISTER_CSV.encode())
    if not db.session.scalar(select(exists().where(PaperParticipant.municipality_id == municipality.id))):
        _paper_supports(municipality, moderator)
    _letter_for_unverified(municipality, moderator, context)


def _record_verifications(municipality: Municipality, moderator: User) -> None:
    """Demo residents already marked verified get the record of how, by whom and when."""
    unrecorded = db.session.scalars(select(User).where(
        User.home_municipality_id == municipality.id, User.residency_verified_at.is_not(None),
        ~exists().where(ResidencyVerification.user_id == User.id)).order_by(User.id).limit(200)).all()
    methods = (VerificationMethod.IN_PERSON, VerificationMethod.LETTER, VerificationMethod.REGISTER)
    for number, user in enumerate(unrecorded):
        method = methods[number % 3]
        db.session.add(ResidencyVerification(
            created_at=user.residency_verified_at, user_id=user.id, municipality_id=municipality.id, method=method,
            document_kind=DocumentKind.ID_CARD if method == VerificationMethod.IN_PERSON else None,
            verified_by_id=moderator.id))
    db.session.commit()


def _paper_supports(municipality: Municipality, moderator: User) -> None:
    proposals = db.session.scalars(
        select(Proposal).join(proposal_municipality, proposal_municipality.c.proposal_id == Proposal.id)
        .where(proposal_municipality.c.municipality_id == municipality.id, Proposal.status.in_(OPEN_STATUSES),
               Proposal.hidden_at.is_(None))
        .order_by(Proposal.id).limit(2)).all()
    for index, proposal in enumerate(proposals):
        for number, (name, address, born) in enumerate(PAPER_PEOPLE[index:]):
            assisted.file_paper_support(moderator, proposal, municipality.id, name, address, born,
                                        f"P-{proposal.id}-{number + 1}")


def _letter_for_unverified(municipality: Municipality, moderator: User, context: dict) -> None:
    """An unverified demo account and a fresh letter code for it, to try the letter on the demo."""
    user = db.session.scalar(select(User).where(User.email == UNVERIFIED_EMAIL))
    if user is None:
        user = User(email=UNVERIFIED_EMAIL, display_name="Nela Neověřená", home_municipality_id=municipality.id,
                    locale="cs", email_confirmed_at=utcnow())
        user.password_hash = demo_password_hash()
        db.session.add(user)
        db.session.commit()
    if user.residency_verified_at is None:
        _batch, codes = residency.make_letter_batch(moderator, municipality, 1)
        context["logins"].append(f"resident to verify by letter: {UNVERIFIED_EMAIL}, letter code {codes[0]}")
