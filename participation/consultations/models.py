"""Consultation *-1 Grouping, *-* Municipality; Question 1-* Option; Response 1-* Answer."""

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sa_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.markdown import keep_rendered
from participation.common.models import AwareDateTime, Timestamped, utcnow
from participation.common.search import Searchable, stems_index
from participation.extensions import db


def _enum(cls, length=20):
    return Enum(cls, native_enum=False, length=length,
                values_callable=lambda members: [m.value for m in members])


class ConsultationStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Eligibility(enum.StrEnum):
    RESIDENTS = "residents"  # home municipality participates
    VERIFIED_RESIDENTS = "verified"  # ... and residency has been verified


class ResultsVisibility(enum.StrEnum):
    AFTER_CLOSING = "after_closing"
    LIVE = "live"


class QuestionKind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"  # 1-5
    RANKING = "ranking"
    TEXT = "text"


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING})
SCALE_VALUES = (1, 2, 3, 4, 5)


class ResponseSource(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"  # recorded by a moderator from a paper questionnaire


consultation_municipality = Table(
    "consultation_municipality",
    db.metadata,
    Column("consultation_id", ForeignKey("consultation.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_id", ForeignKey("municipality.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)


class Consultation(Searchable, Timestamped, db.Model):
    """A time-boxed set of questions a grouping asks residents of its member municipalities."""

    __tablename__ = "consultation"
    __search_fields__ = ('title', 'introduction')
    __table_args__ = (Index("ix_consultation_status_window", "status", "opens_at", "closes_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grouping_id: Mapped[int] = mapped_column(ForeignKey("grouping.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    introduction: Mapped[str] = mapped_column(Text, default="")
    # The introduction rendered from Markdown and sanitised when saved (common/markdown.py).
    introduction_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    opens_at: Mapped[datetime] = mapped_column(AwareDateTime(), index=True)
    closes_at: Mapped[datetime] = mapped_column(AwareDateTime(), index=True)
    eligibility: Mapped[Eligibility] = mapped_column(_enum(Eligibility), default=Eligibility.RESIDENTS)
    results_visibility: Mapped[ResultsVisibility] = mapped_column(
        _enum(ResultsVisibility), default=ResultsVisibility.AFTER_CLOSING
    )
    status: Mapped[ConsultationStatus] = mapped_column(
        _enum(ConsultationStatus), default=ConsultationStatus.DRAFT, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("thread.id"), index=True)
    published_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    # Set by the first answer: from then on questions and options are frozen.
    first_answered_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    # When `flask consultations tick` recorded each event (each at most once).
    opened_event_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    closing_soon_event_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    results_event_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    grouping = relationship("Grouping")
    created_by = relationship("User")
    thread = relationship("Thread")
    municipalities = relationship(
        "Municipality", secondary=consultation_municipality, order_by="Municipality.search_name"
    )
    questions: Mapped[list["Question"]] = relationship(
        back_populates="consultation", order_by="Question.position",
        cascade="all, delete-orphan",
    )

    @property
    def is_published(self) -> bool:
        return self.status == ConsultationStatus.PUBLISHED

    @property
    def is_frozen(self) -> bool:
        return self.first_answered_at is not None

    def phase(self, now: datetime | None = None) -> str:
        """"draft", "upcoming", "open" or "closed"."""
        now = now or utcnow()
        if not self.is_published:
            return "draft"
        if now < self.opens_at:
            return "upcoming"
        if now >= self.closes_at:
            return "closed"
        return "open"

    def __repr__(self) -> str:
        return f"<Consultation {self.id} {self.title!r}>"


stems_index(Consultation)


class Question(db.Model):
    __tablename__ = "consultation_question"
    __table_args__ = (Index("ix_consultation_question_order", "consultation_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[QuestionKind] = mapped_column(_enum(QuestionKind))
    text: Mapped[str] = mapped_column(String(500))
    help_text: Mapped[str] = mapped_column(String(1000), default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    # Multiple choice only: at most this many options (None: no limit).
    max_choices: Mapped[int | None] = mapped_column(Integer)

    consultation: Mapped[Consultation] = relationship(back_populates="questions")
    options: Mapped[list["Option"]] = relationship(
        back_populates="question", order_by="Option.position", cascade="all, delete-orphan"
    )

    @property
    def has_options(self) -> bool:
        return self.kind in CHOICE_KINDS


class Option(db.Model):
    __tablename__ = "consultation_option"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_question.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(String(300))

    question: Mapped[Question] = relationship(back_populates="options")


class Response(Timestamped, db.Model):
    """One person's answers; online ones are unique per user, paper ones have no user."""

    __tablename__ = "consultation_response"
    __table_args__ = (
        UniqueConstraint("consultation_id", "user_id"),
        Index("ix_consultation_response_results", "consultation_id", "municipality_id", "source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    # NULL for a paper questionnaire (no name is stored) or once the account is deleted.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # The respondent's home municipality when they (last) answered.
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    source: Mapped[ResponseSource] = mapped_column(_enum(ResponseSource), default=ResponseSource.ONLINE)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )

    consultation = relationship("Consultation")
    municipality = relationship("Municipality")
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(db.Model):
    """One answer row: a chosen option (with a rank for rankings), a scale value or a text.

    consultation_id, municipality_id and source repeat the response's so that
    every results query is a GROUP BY over this one table and its index.
    """

    __tablename__ = "consultation_answer"
    __table_args__ = (
        Index("ix_consultation_answer_choices", "consultation_id", "question_id", "option_id",
              "municipality_id", "source"),
        Index("ix_consultation_answer_scale", "consultation_id", "question_id", "scale_value",
              "municipality_id"),
        # Respondents per question and municipality (COUNT DISTINCT response_id) from the index alone.
        Index("ix_consultation_answer_respondents", "consultation_id", "question_id", "municipality_id",
              "source", "response_id"),
        # The newest free-text answers of a question, read backwards from this index.
        Index("ix_consultation_answer_texts", "question_id", "id",
              postgresql_where=sa_text("text IS NOT NULL"), sqlite_where=sa_text("text IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_response.id", ondelete="CASCADE"), index=True
    )
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_question.id", ondelete="CASCADE"), index=True
    )
    option_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_option.id", ondelete="CASCADE"), index=True
    )
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    source: Mapped[ResponseSource] = mapped_column(_enum(ResponseSource), default=ResponseSource.ONLINE)
    rank: Mapped[int | None] = mapped_column(Integer)
    scale_value: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    # Free-text answers can be hidden by a moderator or representative (audited).
    hidden_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    hidden_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")

    response: Mapped[Response] = relationship(back_populates="answers")
    question = relationship("Question")
    option = relationship("Option")


class Tally(db.Model):
    """A stored piece of a consultation's results, kept by triggers (consultations/counters.py).

    kind "turnout": responses per municipality and source (question_id and key 0);
    "respondents": respondents to a question (key 0); "option": answers choosing an
    option (key: the option id; with the sum of ranks and first places for rankings);
    "scale": answers with a scale value (key: the value).
    """

    __tablename__ = "consultation_tally"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    question_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rank_sum: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    first_places: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


keep_rendered(Consultation, "introduction")
