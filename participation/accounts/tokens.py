"""Signed, expiring links for email confirmation and password reset.

Each purpose has its own salt, so a confirmation token can never be used as a
reset token. A reset token carries a fingerprint of the password hash it was
issued against: once the password changes, every older reset link is dead,
which makes each link work once.
"""

import enum
import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class Purpose(enum.StrEnum):
    CONFIRM_EMAIL = "spolu.accounts.confirm-email"
    RESET_PASSWORD = "spolu.accounts.reset-password"
    CHANGE_EMAIL = "spolu.accounts.change-email"
    DATA_EXPORT = "spolu.accounts.data-export"


class TokenError(Exception):
    """The link is broken, tampered with or meant for something else."""


class TokenExpired(TokenError):
    """The link was genuine but is too old."""


MAX_AGE_SETTING = {
    Purpose.CONFIRM_EMAIL: "CONFIRM_TOKEN_MAX_AGE",
    Purpose.RESET_PASSWORD: "RESET_TOKEN_MAX_AGE",
    Purpose.CHANGE_EMAIL: "CONFIRM_TOKEN_MAX_AGE",
    Purpose.DATA_EXPORT: "DATA_EXPORT_LINK_MAX_AGE",
}


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose.value)


def make_token(purpose: Purpose, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: Purpose, token: str) -> dict:
    """The payload of a genuine, unexpired token; raises TokenExpired or TokenError."""
    max_age = current_app.config[MAX_AGE_SETTING[purpose]]
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenExpired() from error
    except (BadSignature, ValueError, TypeError, UnicodeError) as error:
        raise TokenError() from error
    if not isinstance(payload, dict):
        raise TokenError()
    return payload


def password_fingerprint(password_hash: str | None) -> str:
    """A short keyed digest of the password hash: changes whenever the password does."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, (password_hash or "").encode(), hashlib.sha256).hexdigest()[:20]
