"""One-click unsubscribe links, signed per user and topic."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "spolu.notifications.unsubscribe"


class InvalidToken(Exception):
    """The link was altered or never came from us."""


class ExpiredToken(Exception):
    """The link is genuine but too old."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_unsubscribe_token(user_id: int, topic: str) -> str:
    return _serializer().dumps({"u": int(user_id), "t": topic})


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, topic) from a token; InvalidToken or ExpiredToken otherwise."""
    max_age = current_app.config["NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE"]
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise ExpiredToken() from error
    except BadSignature as error:
        raise InvalidToken() from error
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("t"), str):
        raise InvalidToken()
    return data["u"], data["t"]
