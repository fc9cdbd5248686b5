"""User *-1 Municipality (home); User *-* Role with a scope."""

import enum
from datetime import datetime

from flask import current_app
from flask_babel import gettext
from flask_login import UserMixin
from sqlalchemy import Boolean, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from participation.common.models import AwareDateTime, Timestamped, utcnow
from participation.extensions import db
from participation.territory.models import Grouping, Municipality, Region


def hash_password(password: str) -> str:
    """Scrypt with a random salt, at the cost PASSWORD_HASH_METHOD sets (tests use a cheap one; a hash
    records its own parameters, so a changed setting leaves existing passwords working)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


class User(UserMixin, Timestamped, db.Model):
    """A person with an account. A deleted account keeps its row, anonymised."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL once the account is deleted, so the address can register again.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    home_municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipality.id"), index=True
    )
    locale: Mapped[str] = mapped_column(String(5), default="cs")
    email_confirmed_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    residency_verified_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)

    home_municipality: Mapped[Municipality | None] = relationship()
    roles: Mapped[list["Role"]] = relationship(
        back_populates="user", foreign_keys="Role.user_id", cascade="all, delete-orphan"
    )

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account and self.deleted_at is None

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def public_name(self) -> str:
        """The name shown beside what the user wrote; "Deleted user", translated, once deleted."""
        if self.deleted_at is not None:
            return gettext("Deleted user")
        return self.display_name

    # The raw id of the sign-in session being opened (see accounts.sign_in_sessions); not stored.
    sign_in_token = None

    def get_id(self) -> str | None:
        """What Flask-Login keeps in the session and the remember-me cookie: the sign-in session's id.

        Never the account id: a copied cookie must stop working once that one
        session ends, and the account id never changes.
        """
        return self.sign_in_token

    def __repr__(self) -> str:
        return f"<User {self.id} {self.display_name}>"


class SignInSession(db.Model):
    """One signed-in browser: ended by signing out, a password or address change, or from the profile.

    The browser holds the row's id and a random secret; only the secret's
    SHA-256 digest is stored, so a copy of the database cannot sign anyone in.
    """

    __tablename__ = "sign_in_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))  # of the secret; the row is found by id
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime(), nullable=False, index=True)
    device: Mapped[str] = mapped_column(String(80), default="")  # "Firefox, Android"
    address_prefix: Mapped[str] = mapped_column(String(50), default="")  # "192.0.2.0/24"

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<SignInSession {self.id} of user {self.user_id}>"


class RoleKind(enum.StrEnum):
    MODERATOR = "moderator"  # scope: a municipality
    REPRESENTATIVE = "representative"  # scope: a grouping
    ADMINISTRATOR = "administrator"  # scope: everywhere (or a region)
    OPERATOR = "operator"  # scope: an internet operator (its staff), acting in the operator's municipalities


class Role(Timestamped, db.Model):
    """A role held in a scope: a municipality, a grouping, a region or everywhere."""

    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[RoleKind] = mapped_column(
        Enum(RoleKind, native_enum=False, length=20,
             values_callable=lambda kinds: [k.value for k in kinds]),
        index=True,
    )
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    grouping_id: Mapped[int | None] = mapped_column(
        ForeignKey("grouping.id", ondelete="CASCADE"), index=True
    )
    region_id: Mapped[int | None] = mapped_column(
        ForeignKey("region.id", ondelete="CASCADE"), index=True
    )
    granted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # For an operator's staff: the operator (participation.operators).
    operator_id: Mapped[int | None] = mapped_column(
        ForeignKey("operator.id", ondelete="CASCADE"), index=True
    )

    user: Mapped[User] = relationship(back_populates="roles", foreign_keys=[user_id])
    municipality: Mapped[Municipality | None] = relationship()
    grouping: Mapped[Grouping | None] = relationship()
    region: Mapped[Region | None] = relationship()
    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id])
    operator = relationship("Operator")


class DataExport(db.Model):
    """A large "Your data" file prepared off the request path, kept until its mailed link expires or is used."""

    __tablename__ = "data_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(4))  # "json" or "zip"
    storage_key: Mapped[str] = mapped_column(String(80))  # participation.common.storage key
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime(), nullable=False, index=True)

    def __repr__(self) -> str:
        return f"<DataExport {self.id} of user {self.user_id}>"
