"""Every change to an account: registration, confirmation, sign-in, reset, profile, deletion."""

import enum
import functools

from flask import current_app, url_for
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from participation.accounts import sessions
from participation.accounts.models import Role, User, hash_password
from participation.accounts.tokens import (
    Purpose,
    TokenError,
    TokenExpired,
    make_token,
    password_fingerprint,
    read_token,
)
from participation.common.models import utcnow
from participation.extensions import db

DELETED_DISPLAY_NAME = "Deleted user"  # shown translated by `display_name_of`

# Checked against when no account matches, so a missing account takes as long
# to refuse as a wrong password (no timing hint that an address is registered).
@functools.cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("spolu-no-such-account", method=method)


class TokenResult(enum.StrEnum):
    OK = "ok"
    ALREADY = "already"
    EXPIRED = "expired"
    INVALID = "invalid"


def normalise_email(email: str | None) -> str:
    """Addresses are compared and stored in lower case, without surrounding spaces."""
    return (email or "").strip().lower()


def find_by_email(email: str) -> User | None:
    """The live account with this address, case-insensitively; deleted ones have none."""
    address = normalise_email(email)
    if not address:
        return None
    return db.session.scalar(select(User).where(func.lower(User.email) == address))


def email_taken(email: str) -> bool:
    return find_by_email(email) is not None


def register(email: str, password: str, display_name: str, home_municipality_id: int,
             locale: str) -> User | None:
    """Create an unconfirmed account and queue its confirmation mail; None if the address has one.

    An address that has an account already is mailed a note saying so (how to
    sign in or reset the password) instead. The caller answers the same either
    way, and both ways hash the password and queue one mail, so neither the
    answer nor its timing tells whether an address is registered.
    """
    address = normalise_email(email)
    existing = find_by_email(address)
    if existing is not None:
        hash_password(password)  # as long as setting the new account's password takes
        _tell_of_registration_attempt(existing)
        return None
    user = User(
        email=address,
        display_name=display_name.strip(),
        home_municipality_id=home_municipality_id,
        locale=locale if locale in current_app.config["LANGUAGES"] else "cs",
    )
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:  # the same address registered a moment ago
        db.session.rollback()
        return None
    send_confirmation(user)
    return user


def _tell_of_registration_attempt(user: User) -> None:
    _send(user, "registration_attempt", login=url_for("accounts.login", _external=True),
          reset=url_for("accounts.request_reset", _external=True))


def _send(user: User, template: str, to: str | None = None, **context) -> None:
    """Queue one mail to the user; the job queue renders and sends it off the request path.

    A request that mails takes as long as one that does not (registration and
    reset must not tell whether an address has an account), and a slow mail
    server slows no page.
    """
    from participation.notifications.jobs import send_account_mail
    from participation.notifications.queue import enqueue

    enqueue(send_account_mail, user.id, template, to or user.email, context)


def request_data_export(user: User, kind: str) -> None:
    """Queue the job that prepares a large "Your data" file and mails its link (accounts.data_exports)."""
    from participation.notifications.jobs import prepare_data_export
    from participation.notifications.queue import enqueue

    enqueue(prepare_data_export, user.id, kind)


def confirmation_token(user: User) -> str:
    return make_token(Purpose.CONFIRM_EMAIL, {"user": user.id, "email": user.email})


def send_confirmation(user: User) -> None:
    """Mail a signed link that confirms the account's address."""
    if user.email is None or user.is_confirmed:
        return
    link = url_for("accounts.confirm_email", token=confirmation_token(user), _external=True)
    _send(user, "confirm", link=link,
          days=current_app.config["CONFIRM_TOKEN_MAX_AGE"] // 86400)


def confirm_email(token: str) -> tuple[TokenResult, User | None]:
    """Mark the address confirmed if the link is genuine, fresh and for the current address."""
    refused, payload, user = _read_link(Purpose.CONFIRM_EMAIL, token)
    if refused:
        return refused, None
    if user.email is None or payload.get("email") != user.email:
        return TokenResult.INVALID, None
    if user.is_confirmed:
        return TokenResult.ALREADY, user
    user.email_confirmed_at = utcnow()
    db.session.commit()
    return TokenResult.OK, user


def _read_link(purpose: Purpose, token: str) -> tuple[TokenResult | None, dict, User | None]:
    """(None, payload, user) for a genuine, fresh link of a live account, else (why not, {}, None)."""
    try:
        payload = read_token(purpose, token)
    except TokenExpired:
        return TokenResult.EXPIRED, {}, None
    except TokenError:
        return TokenResult.INVALID, {}, None
    user = _user_from_payload(payload)
    if user is None:
        return TokenResult.INVALID, {}, None
    return None, payload, user


def _user_from_payload(payload: dict) -> User | None:
    user_id = payload.get("user")
    if not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    if user is None or user.is_deleted:
        return None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active account with this address and password, or None."""
    user = find_by_email(email)
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or "")
        return None
    if not user.check_password(password or "") or not user.is_active:
        return None
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    db.session.commit()


def end_other_sessions(user: User, keep_session_id: int | None) -> None:
    """"Sign out everywhere else": end every session of the account but this one."""
    sessions.end_sessions(user, keep_id=keep_session_id)
    db.session.commit()


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address belongs to an active account; silent otherwise."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    token = make_token(Purpose.RESET_PASSWORD,
                       {"user": user.id, "pw": password_fingerprint(user.password_hash)})
    link = url_for("accounts.reset_password", token=token, _external=True)
    _send(user, "reset", link=link,
          minutes=current_app.config["RESET_TOKEN_MAX_AGE"] // 60)


def user_for_reset(token: str) -> tuple[TokenResult, User | None]:
    """The user a reset link is for, if it is genuine, fresh and not used yet."""
    refused, payload, user = _read_link(Purpose.RESET_PASSWORD, token)
    if refused:
        return refused, None
    if not user.is_active:
        return TokenResult.INVALID, None
    if payload.get("pw") != password_fingerprint(user.password_hash):
        return TokenResult.ALREADY, None  # the password changed since: the link was used
    return TokenResult.OK, user


def reset_password(user: User, new_password: str) -> None:
    """Set a new password; the reset link proved the address, so it counts as confirmed."""
    user.set_password(new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    sessions.end_sessions(user)  # whoever knew the old password is signed out everywhere
    db.session.commit()


def change_password(user: User, new_password: str, keep_session_id: int | None = None) -> None:
    """Set a new password and end every other sign-in session of the account."""
    user.set_password(new_password)
    sessions.end_sessions(user, keep_id=keep_session_id)
    db.session.commit()


def request_email_change(user: User, new_email: str) -> None:
    """Mail a link to the new address; the address changes only when it is opened.

    When another account uses the new address, its owner is told instead (with
    no link), so the caller answers the same either way and nobody learns from
    the form which addresses have accounts. The old address keeps working
    until the link is opened, so a typo cannot lock anyone out.
    """
    address = normalise_email(new_email)
    if address == user.email:
        return
    owner = find_by_email(address)
    if owner is not None:
        _send(owner, "email_change_attempt")
        return
    token = make_token(Purpose.CHANGE_EMAIL, {"user": user.id, "from": user.email, "to": address})
    link = url_for("accounts.confirm_email_change", token=token, _external=True)
    _send(user, "change_email", to=address, link=link, new_email=address,
          days=current_app.config["CONFIRM_TOKEN_MAX_AGE"] // 86400)


def confirm_email_change(token: str, keep_session_id: int | None = None) -> tuple[TokenResult, User | None]:
    """Switch to the new address if the link is genuine, fresh and the old address still current.

    The old address is told, so that a change nobody asked for does not go unnoticed.
    Every other sign-in session of the account ends (`keep_session_id` stays, if it is the account's).
    """
    refused, payload, user = _read_link(Purpose.CHANGE_EMAIL, token)
    if refused:
        return refused, None
    new_email = payload.get("to")
    if not isinstance(new_email, str):
        return TokenResult.INVALID, None
    if user.email == new_email:
        return TokenResult.ALREADY, user
    if payload.get("from") != user.email or email_taken(new_email):
        return TokenResult.INVALID, None
    old_email = user.email
    user.email = new_email
    user.email_confirmed_at = utcnow()
    sessions.end_sessions(user, keep_id=keep_session_id)
    try:
        db.session.commit()
    except IntegrityError:  # another account took the address a moment ago
        db.session.rollback()
        return TokenResult.INVALID, None
    _send(user, "email_changed", to=old_email, new_email=new_email)
    return TokenResult.OK, user


def update_profile(user: User, display_name: str, home_municipality_id: int, locale: str) -> None:
    """Save display name, home municipality and language."""
    user.display_name = display_name.strip()
    if user.home_municipality_id != home_municipality_id:
        user.residency_verified_at = None  # it was verified for the old home, not the new one
    user.home_municipality_id = home_municipality_id
    if locale in current_app.config["LANGUAGES"]:
        user.locale = locale
    db.session.commit()


def delete_account(user: User, remove_comments: bool = False) -> None:
    """Remove personal data but keep the row, so supports and comments stay counted.

    The address is freed (NULL) so it can register again, the password cannot
    sign in any more, roles and follows go; rows written by the user keep
    pointing at the anonymised account. With `remove_comments`, every comment
    loses its text as a comment its author deleted does (a placeholder keeps
    the replies' place and the counts), all in the same transaction.
    """
    from participation.comments.models import Comment
    from participation.follows.models import Follow

    if remove_comments:
        db.session.execute(
            update(Comment).where(Comment.author_id == user.id)
            .values(body="", body_html="", stance=None, deleted_at=func.coalesce(Comment.deleted_at, utcnow()))
            .execution_options(synchronize_session=False)
        )

    user.email = None
    user.password_hash = None
    user.display_name = DELETED_DISPLAY_NAME
    user.email_confirmed_at = None
    user.residency_verified_at = None
    user.last_login_at = None
    user.is_active_account = False
    user.deleted_at = utcnow()
    db.session.execute(delete(Role).where(Role.user_id == user.id))
    db.session.execute(delete(Follow).where(Follow.user_id == user.id))
    sessions.end_sessions(user)
    db.session.commit()
    db.session.expire(user, ["roles"])
