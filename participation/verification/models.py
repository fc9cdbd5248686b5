"""ResidencyVerification, LetterBatch 1-* LetterCode, RegisterEntry, PaperParticipant, AssistedEntry.

Nothing here holds a document number, a plain letter code or a register row:
codes and register rows are kept only as keyed hashes (see keys.py).
"""

import enum
from datetime import datetime

from sqlalchemy import Boolean, Enum, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from participation.common.models import AwareDateTime, Timestamped, utcnow
from participation.extensions import db


def _enum(kind):
    return Enum(kind, native_enum=False, length=20, values_callable=lambda members: [m.value for m in members])


class VerificationMethod(enum.StrEnum):
    LETTER = "letter"  # a one-time code sent by letter to the household
    IN_PERSON = "in_person"  # a document seen at the municipal office
    REGISTER = "register"  # matched against the municipality's register of residents


class DocumentKind(enum.StrEnum):
    ID_CARD = "id_card"
    PASSPORT = "passport"
    RESIDENCE_PERMIT = "residence_permit"
    OTHER = "other"


class ResidencyVerification(db.Model):
    """One confirmation that a user lives in a municipality: how, by whom, when (the history)."""

    __tablename__ = "residency_verification"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    method: Mapped[VerificationMethod] = mapped_column(_enum(VerificationMethod))
    # The kind of document seen at the office; never its number.
    document_kind: Mapped[DocumentKind | None] = mapped_column(_enum(DocumentKind))
    # The staff member who saw the document, made the letters or uploaded the register.
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    letter_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("letter_batch.id", ondelete="SET NULL"), index=True
    )
    # Keyed hash of name and date of birth, where they were checked: finds the same person on paper.
    identity_key: Mapped[str | None] = mapped_column(String(64), index=True)

    user = relationship("User", foreign_keys=[user_id])
    municipality = relationship("Municipality")
    verified_by = relationship("User", foreign_keys=[verified_by_id])


class LetterBatch(db.Model):
    """A batch of letter codes made by a moderator for a municipality or one of its localities."""

    __tablename__ = "letter_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    size: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime())

    municipality = relationship("Municipality")
    locality = relationship("Locality")
    created_by = relationship("User")


class LetterCode(db.Model):
    """One single-use code, stored only as its keyed hash."""

    __tablename__ = "letter_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("letter_batch.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    batch: Mapped[LetterBatch] = relationship()


class RegisterEntry(db.Model):
    """One row of a municipality's register of residents, as a keyed hash of name and date of birth."""

    __tablename__ = "register_entry"
    __table_args__ = (UniqueConstraint("municipality_id", "row_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    row_key: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)


class PaperParticipant(Timestamped, db.Model):
    """A person without an account whose paper input the office records; private to that municipality."""

    __tablename__ = "paper_participant"
    __table_args__ = (UniqueConstraint("municipality_id", "identity_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    # Emptied when the person asks to be removed; what they supported stays counted, once.
    name: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    identity_key: Mapped[str] = mapped_column(String(64))
    # The verified account of the same person, once there is one.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    erased_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    municipality = relationship("Municipality")


class AssistedKind(enum.StrEnum):
    PAPER = "paper"  # a paper participant, no account
    ACCOUNT = "account"  # an existing account, with the resident's consent


class AssistedEntry(db.Model):
    """A support staff filed on someone's behalf: who for, who entered it, when, from which form."""

    __tablename__ = "assisted_entry"
    __table_args__ = (
        UniqueConstraint("proposal_id", "paper_participant_id"),
        Index("ix_assisted_entry_recorder_time", "recorded_by_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    kind: Mapped[AssistedKind] = mapped_column(_enum(AssistedKind))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    support_id: Mapped[int | None] = mapped_column(ForeignKey("support.id", ondelete="SET NULL"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    paper_participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("paper_participant.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    form_code: Mapped[str] = mapped_column(String(40), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    proposal = relationship("Proposal")
    paper_participant = relationship("PaperParticipant")
    user = relationship("User", foreign_keys=[user_id])
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])


class AssistedAnswer(db.Model):
    """A consultation questionnaire staff typed in for a named person or an account: counted once."""

    __tablename__ = "assisted_answer"
    __table_args__ = (
        UniqueConstraint("consultation_id", "paper_participant_id"),
        UniqueConstraint("consultation_id", "form_serial"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_response.id", ondelete="SET NULL"), index=True
    )
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    paper_participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("paper_participant.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    # The copy number read from the printed form code (K12-0007-XY): each copy is typed in once.
    form_serial: Mapped[int | None] = mapped_column(Integer)
    form_code: Mapped[str] = mapped_column(String(40), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    paper_participant = relationship("PaperParticipant")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])


class AssistedFiling:
    """What the office keeps about an item filed on someone's behalf: for whom, with what consent, by whom."""

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    kind: Mapped[AssistedKind] = mapped_column(_enum(AssistedKind))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    paper_participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("paper_participant.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    form_code: Mapped[str] = mapped_column(String(40), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def municipality(cls):
        return relationship("Municipality")

    @declared_attr
    def paper_participant(cls):
        return relationship("PaperParticipant")

    @declared_attr
    def user(cls):
        return relationship("User", foreign_keys=[cls.user_id])


class AssistedProposal(AssistedFiling, db.Model):
    """A proposal staff wrote at the office on a resident's behalf.

    Publicly the proposal says only "filed at the office on behalf of a resident of <municipality>";
    the paper participant's name stays with the office.
    """

    __tablename__ = "assisted_proposal"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), unique=True)


class AssistedComment(AssistedFiling, db.Model):
    """A comment staff wrote at the office on a resident's behalf.

    Publicly the comment says only "a resident of <municipality>, filed at the office" (paper participant)
    or shows the account's name marked "filed at the office"; the paper participant's name stays with the office.
    """

    __tablename__ = "assisted_comment"

    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), unique=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
