"""Consultation questionnaires typed in for a named person or an account: each person and each printed
copy counted once per consultation, in the same transaction as the answers.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from participation.audit import services as audit
from participation.consultations import answering
from participation.consultations.models import Consultation, Eligibility
from participation.consultations.models import Response as ConsultationResponse
from participation.extensions import db
from participation.permissions import consultations as consultation_rules
from participation.verification import keys
from participation.verification.assisted import DuplicateEntry, verified_account_with
from participation.verification.form_codes import read_form_code
from participation.verification.models import AssistedAnswer, PaperParticipant
from participation.verification.residency import VerificationError


@dataclass
class Person:
    """Who filled in the questionnaire: a name, address and birth date from the form, or an account."""

    name: str = ""
    address: str = ""
    born_on: date | None = None
    resident: object = None
    consent: bool = False


def _earlier(entry: AssistedAnswer) -> str:
    code = f" ({entry.form_code})" if entry.form_code else ""
    return _("Already counted: entered on %(when)s as entry no. %(number)d%(code)s. Nothing was added.",
             when=format_date(entry.created_at), number=entry.id, code=code)


def _refuse_account_if_answered(consultation: Consultation, user_id: int) -> None:
    response = db.session.scalar(select(ConsultationResponse).where(
        ConsultationResponse.consultation_id == consultation.id, ConsultationResponse.user_id == user_id))
    if response is None:
        return
    entry = db.session.scalar(select(AssistedAnswer).where(AssistedAnswer.response_id == response.id))
    if entry is not None:
        raise DuplicateEntry(_earlier(entry))
    raise DuplicateEntry(_("Already counted: this person answered online on %(when)s. Nothing was added.",
                           when=format_date(response.created_at)))


def _form_serial(consultation: Consultation, form_code: str) -> int | None:
    if not form_code.strip():
        return None
    serial = read_form_code(consultation.id, form_code)
    if serial is None:
        raise VerificationError(_("This form code was not printed for this consultation. Check it on the form."),
                                "form_code")
    earlier = db.session.scalar(select(AssistedAnswer).where(
        AssistedAnswer.consultation_id == consultation.id, AssistedAnswer.form_serial == serial))
    if earlier is not None:
        raise DuplicateEntry(_earlier(earlier))
    return serial


def _who(actor, consultation: Consultation, municipality_id: int, person: Person):
    """(user_id, participant, municipality_id) for the questionnaire, refusing one already counted."""
    allowed = consultation_rules.paper_municipality_ids(actor, consultation)
    if person.resident is not None:
        if not person.consent:
            raise VerificationError(_("Confirm that the resident agreed to this support being filed for them."),
                                    "consent")
        if person.resident.home_municipality_id not in allowed:
            raise VerificationError(_("This resident lives outside the municipalities you work for; their own "
                                      "municipality's office can file it."), "email")
        _refuse_account_if_answered(consultation, person.resident.id)
        return person.resident.id, None, person.resident.home_municipality_id
    if municipality_id not in allowed:
        raise VerificationError(_("Choose a participating municipality that you moderate."), "municipality")
    if not person.name.strip():
        if consultation.eligibility == Eligibility.VERIFIED_RESIDENTS:
            raise VerificationError(_("This consultation is for verified residents: fill in the name, address "
                                      "and date of birth from the form."), "name")
        return None, None, municipality_id
    key = keys.identity_key(municipality_id, person.name, person.born_on)
    account = verified_account_with(municipality_id, key)
    if account is not None:
        _refuse_account_if_answered(consultation, account.id)
        return account.id, None, municipality_id
    participant = db.session.scalar(select(PaperParticipant).where(
        PaperParticipant.municipality_id == municipality_id, PaperParticipant.identity_key == key))
    if participant is not None:
        earlier = db.session.scalar(select(AssistedAnswer).where(
            AssistedAnswer.consultation_id == consultation.id, AssistedAnswer.paper_participant_id == participant.id))
        if earlier is not None:
            raise DuplicateEntry(_earlier(earlier))
        return None, participant, municipality_id
    participant = PaperParticipant(municipality_id=municipality_id, identity_key=key, name=person.name.strip(),
                                   address=person.address.strip(), created_by_id=actor.id)
    db.session.add(participant)
    db.session.flush()
    return None, participant, municipality_id


def file_paper_answers(actor, consultation: Consultation, municipality_id: int, formdata, person: Person,
                       form_code: str = "") -> ConsultationResponse:
    """Type in a paper questionnaire for a person; raises VerificationError, DuplicateEntry or the
    consultations' InvalidAnswers / ConsultationError, and then nothing is saved."""
    try:
        serial = _form_serial(consultation, form_code)
        user_id, participant, municipality_id = _who(actor, consultation, municipality_id, person)

        def record(response) -> None:
            entry = AssistedAnswer(
                consultation_id=consultation.id, response_id=response.id, municipality_id=municipality_id,
                paper_participant_id=getattr(participant, "id", None), user_id=user_id,
                consent=bool(person.resident is not None and person.consent), form_serial=serial,
                form_code=form_code.strip().upper()[:40], recorded_by_id=actor.id)
            db.session.add(entry)
            db.session.flush()
            audit.record(actor, "consultation.assisted_answer", "consultation", consultation.id,
                         municipality_id=municipality_id,
                         details={"entry_id": entry.id, "response_id": response.id, "form_code": entry.form_code})

        return answering.record_paper_response(actor, consultation, municipality_id, formdata,
                                               user_id=user_id, before_commit=record)
    except Exception:
        db.session.rollback()
        raise
