"""Verifying that a user lives in their home municipality: letter codes, at the office, the register.

Each way records who verified, how and when (a ResidencyVerification row and an
audit entry) and sets the user's residency_verified_at. Changing one's home
municipality clears that date (accounts.services.update_profile).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from participation.audit import services as audit
from participation.common.csv_rows import read_rows
from participation.common.models import utcnow
from participation.extensions import db
from participation.proposals.models import Support
from participation.verification import keys
from participation.verification.models import (
    AssistedEntry,
    DocumentKind,
    LetterBatch,
    LetterCode,
    PaperParticipant,
    RegisterEntry,
    ResidencyVerification,
    VerificationMethod,
)

MAX_BATCH = 500


class VerificationError(Exception):
    """A refusal with the message to show the person, in their language."""

    def __init__(self, message: str, field_name: str | None = None):
        super().__init__(message)
        self.message = message
        self.field_name = field_name


def latest_verification(user) -> ResidencyVerification | None:
    """The verification that stands for the user's current home, or None."""
    if user.residency_verified_at is None or user.home_municipality_id is None:
        return None
    return db.session.scalar(
        select(ResidencyVerification).where(
            ResidencyVerification.user_id == user.id,
            ResidencyVerification.municipality_id == user.home_municipality_id,
        ).order_by(ResidencyVerification.created_at.desc(), ResidencyVerification.id.desc()).limit(1)
    )


def _verify_in_transaction(user, method: VerificationMethod, *, verified_by_id: int | None,
                           document_kind: DocumentKind | None = None, letter_batch_id: int | None = None,
                           identity_key: str | None = None) -> ResidencyVerification:
    now = utcnow()
    user.residency_verified_at = now
    verification = ResidencyVerification(
        created_at=now, user_id=user.id, municipality_id=user.home_municipality_id, method=method,
        document_kind=document_kind, verified_by_id=verified_by_id, letter_batch_id=letter_batch_id,
        identity_key=identity_key,
    )
    db.session.add(verification)
    if identity_key is not None:
        _link_paper_participant_in_transaction(user, identity_key)
    return verification


def _link_paper_participant_in_transaction(user, identity_key: str) -> None:
    """The same person's paper supports become the account's, so nobody counts twice."""
    participant = db.session.scalar(select(PaperParticipant).where(
        PaperParticipant.municipality_id == user.home_municipality_id,
        PaperParticipant.identity_key == identity_key,
    ))
    if participant is None:
        return
    participant.user_id = user.id
    entries = db.session.scalars(select(AssistedEntry).where(
        AssistedEntry.paper_participant_id == participant.id, AssistedEntry.support_id.is_not(None)
    )).all()
    online = set(db.session.scalars(select(Support.proposal_id).where(Support.user_id == user.id)))
    for entry in entries:
        if entry.proposal_id in online:  # supported both ways: the paper one goes
            db.session.execute(delete(Support).where(Support.id == entry.support_id))
            entry.support_id = None
        else:
            db.session.execute(update(Support).where(Support.id == entry.support_id).values(user_id=user.id))
            online.add(entry.proposal_id)


# --- Letter codes -------------------------------------------------------------------


def make_letter_batch(actor, municipality, size: int, locality=None) -> tuple[LetterBatch, list[str]]:
    """A batch of single-use codes; the plain codes are returned once, for printing, and never stored."""
    if not 1 <= size <= MAX_BATCH:
        raise VerificationError(_("Between 1 and %(max)d letters at a time.", max=MAX_BATCH), "size")
    if locality is not None and locality.municipality_id != municipality.id:
        raise VerificationError(_("Choose a locality of this municipality."), "locality")
    days = current_app.config["VERIFICATION_CODE_DAYS"]
    batch = LetterBatch(
        municipality_id=municipality.id, locality_id=getattr(locality, "id", None),
        created_by_id=actor.id, size=size, expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(batch)
    db.session.flush()
    codes = [keys.new_code() for _ in range(size)]
    db.session.add_all(LetterCode(batch_id=batch.id, code_hash=keys.code_hash(code)) for code in codes)
    audit.record(actor, "residency.letters", "municipality", municipality.id, municipality_id=municipality.id,
                 details={"batch_id": batch.id, "size": size, "locality_id": batch.locality_id})
    db.session.commit()
    return batch, codes


def redeem_code(user, typed: str) -> ResidencyVerification:
    """Verify the user's residency with a code from a letter; a wrong, used or expired code changes nothing."""
    if len(keys.normalise_code(typed)) != keys.CODE_LENGTH:
        raise VerificationError(_("A code has 12 letters and digits, as printed in the letter."), "code")
    code = db.session.scalar(select(LetterCode).where(LetterCode.code_hash == keys.code_hash(typed)))
    if code is None:
        raise VerificationError(_("This code is not valid. Check it against the letter and try again."), "code")
    if code.used_at is not None:
        raise VerificationError(_("This code has already been used. Each code works once."), "code")
    if code.batch.expires_at <= utcnow():
        raise VerificationError(
            _("This code expired on %(when)s. Ask your municipal office for a new letter.",
              when=format_date(code.batch.expires_at)), "code")
    if code.batch.municipality_id != user.home_municipality_id:
        raise VerificationError(
            _("This code is for %(name)s, which is not your home municipality. Set your home municipality first.",
              name=code.batch.municipality.name), "code")
    used = db.session.execute(
        update(LetterCode).where(LetterCode.id == code.id, LetterCode.used_at.is_(None))
        .values(used_at=utcnow(), used_by_id=user.id).execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:  # used a moment ago in another tab
        db.session.rollback()
        raise VerificationError(_("This code has already been used. Each code works once."), "code")
    verification = _verify_in_transaction(
        user, VerificationMethod.LETTER, verified_by_id=code.batch.created_by_id, letter_batch_id=code.batch_id,
    )
    audit.record(user, "residency.letter", "user", user.id, municipality_id=user.home_municipality_id,
                 target_user=user, details={"batch_id": code.batch_id})
    db.session.commit()
    return verification


# --- In person --------------------------------------------------------------------


def verify_in_person(actor, resident, document_kind: DocumentKind, name: str = "",
                     born_on: date | None = None) -> ResidencyVerification:
    """The office saw a document: record its kind (never its number) and, if given, who it names."""
    key = keys.identity_key(resident.home_municipality_id, name, born_on) if name and born_on else None
    verification = _verify_in_transaction(
        resident, VerificationMethod.IN_PERSON, verified_by_id=actor.id,
        document_kind=document_kind, identity_key=key,
    )
    audit.record(actor, "residency.in_person", "user", resident.id,
                 municipality_id=resident.home_municipality_id, target_user=resident,
                 details={"document_kind": document_kind.value})
    db.session.commit()
    return verification


# --- The register --------------------------------------------------------------------

HEADERS = {
    "name": ("name", "jmeno", "jmeno a prijmeni"),
    "born_on": ("date_of_birth", "datum narozeni", "narozen", "born_on"),
    "address": ("address", "adresa"),
}


@dataclass
class RegisterImport:
    errors: list[tuple[int, str]] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_birth_date(text: str) -> date | None:
    """2026-01-31 or 31.1.2026 (with or without spaces)."""
    text = "".join(text.split())
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _positions(header: list[str]) -> dict | None:
    from participation.common.text import fold

    folded = [fold(cell).replace("_", " ") for cell in header]
    positions = {}
    for column, names in HEADERS.items():
        found = [i for i, cell in enumerate(folded) if cell in {n.replace("_", " ") for n in names}]
        if not found:
            return None
        positions[column] = found[0]
    return positions


def _row_error(row: dict[str, str]) -> str | None:
    if not row["name"] or len(row["name"]) > 120:
        return _("the name is missing or longer than 120 characters")
    born_on = parse_birth_date(row["born_on"])
    if born_on is None:
        return _("the date of birth \"%(value)s\" is not a date like 31.1.1980", value=row["born_on"][:40])
    if born_on > date.today():
        return _("the date of birth is in the future")
    if not row["address"]:
        return _("the address is missing")
    return None


def import_register(actor, municipality, data: bytes) -> RegisterImport:
    """Replace the municipality's register with the file's rows, kept as keyed hashes; one bad row stops all."""
    result = RegisterImport()
    result.errors, rows = read_rows(
        data, _positions, _("the first line must name the columns name, date_of_birth and address")
    )
    keys_seen: set[str] = set()
    for line, row in rows:
        problem = _row_error(row)
        if problem is not None:
            result.errors.append((line, problem))
            continue
        keys_seen.add(keys.identity_key(municipality.id, row["name"], parse_birth_date(row["born_on"])))
        result.rows += 1
    if result.errors:
        return result
    if not result.rows:
        result.errors.append((1, _("the file has no rows")))
        return result
    db.session.execute(delete(RegisterEntry).where(RegisterEntry.municipality_id == municipality.id))
    now = utcnow()
    db.session.add_all(RegisterEntry(municipality_id=municipality.id, row_key=key, uploaded_at=now,
                                     uploaded_by_id=actor.id) for key in keys_seen)
    audit.record(actor, "residency.register", "municipality", municipality.id, municipality_id=municipality.id,
                 details={"rows": result.rows})
    db.session.commit()
    return result


def match_register(user, name: str, born_on: date) -> ResidencyVerification:
    """Verify the user when their name and date of birth are in their municipality's register."""
    key = keys.identity_key(user.home_municipality_id, name, born_on)
    entry = db.session.scalar(select(RegisterEntry).where(
        RegisterEntry.municipality_id == user.home_municipality_id, RegisterEntry.row_key == key,
    ))
    if entry is None:
        raise VerificationError(_(
            "We did not find this name and date of birth in your municipality's register. Write them as on "
            "your identity card, or ask your municipal office."), "name")
    verification = _verify_in_transaction(
        user, VerificationMethod.REGISTER, verified_by_id=entry.uploaded_by_id, identity_key=key,
    )
    audit.record(user, "residency.register_match", "user", user.id, municipality_id=user.home_municipality_id,
                 target_user=user)
    db.session.commit()
    return verification


def register_size(municipality_id: int) -> tuple[int, datetime | None]:
    """How many rows the municipality's register holds and when it was uploaded."""
    from sqlalchemy import func

    count, when = db.session.execute(
        select(func.count(RegisterEntry.id), func.max(RegisterEntry.uploaded_at))
        .where(RegisterEntry.municipality_id == municipality_id)
    ).one()
    return count, when
