"""The web addresses allowed to show a municipality's widget in a frame (per-municipality frame-ancestors)."""

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.common.models import Timestamped
from participation.extensions import db
from participation.territory.models import Municipality

# "https://" + a host name of at most 253 characters + ":65535"
MAX_ORIGIN_LENGTH = 272


class EmbedOrigin(Timestamped, db.Model):
    """An origin (scheme, host and port, no path) that the municipality's moderator allowed to embed Spolu."""

    __tablename__ = "embed_origin"
    __table_args__ = (UniqueConstraint("municipality_id", "origin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    origin: Mapped[str] = mapped_column(String(MAX_ORIGIN_LENGTH))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    municipality: Mapped[Municipality] = relationship()

    def __repr__(self) -> str:
        return f"<EmbedOrigin {self.municipality_id} {self.origin}>"
