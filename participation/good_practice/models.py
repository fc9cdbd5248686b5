"""GoodPractice *-* Proposal (the solved proposals it answers), *-* Municipality (where it was
done); GoodPractice *-1 Project (optional), *-1 Agreement (optional)."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.markdown import keep_rendered
from participation.common.models import AwareDateTime, Timestamped, link_table, string_enum
from participation.common.search import Searchable, stems_index
from participation.extensions import db
from participation.proposals.models import Category


class GoodPracticeStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


good_practice_proposal = link_table("good_practice", "proposal")
good_practice_municipality = link_table("good_practice", "municipality")


class GoodPractice(Searchable, Timestamped, db.Model):
    """A solved problem written up so that other municipalities can copy it."""

    __tablename__ = "good_practice"
    __search_fields__ = ('title', 'summary', 'body')

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(1000), default="")
    # Markdown: the problem, what was done, cost and funding, what to watch out for.
    body: Mapped[str] = mapped_column(Text, default="")
    # body rendered from Markdown and sanitised when saved (common/markdown.py).
    body_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Folded title, summary and body (lower case, no diacritics) for search on every database.
    search_text: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[Category] = mapped_column(string_enum(Category), index=True)
    # An office or role to ask ("Municipal office of Lanškroun, environment department"); no personal data needed.
    contact: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[GoodPracticeStatus] = mapped_column(
        string_enum(GoodPracticeStatus), default=GoodPracticeStatus.DRAFT, index=True
    )
    published_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"), index=True)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreement.id", ondelete="SET NULL"), index=True)

    author = relationship("User")
    project = relationship("Project")
    agreement = relationship("Agreement")
    proposals = relationship("Proposal", secondary=good_practice_proposal, order_by="Proposal.id")
    municipalities = relationship(
        "Municipality", secondary=good_practice_municipality, order_by="Municipality.search_name"
    )

    @property
    def is_published(self) -> bool:
        return self.status == GoodPracticeStatus.PUBLISHED

    def __repr__(self) -> str:
        return f"<GoodPractice {self.id} {self.title}>"


stems_index(GoodPractice)

keep_rendered(GoodPractice, "body")
