"""Large "Your data" exports: prepared by a queued job, kept in storage, mailed as a signed link.

A small export downloads at once. One with more than DATA_EXPORT_INLINE_MAX_ROWS
rows would keep the person (and a worker) waiting, so the request only queues
`prepare` (accounts.services.request_data_export); the job writes the file to storage, records it as a DataExport and
mails a link signed for that account, valid DATA_EXPORT_LINK_MAX_AGE seconds.
The link works only while its account is signed in, once: the file is removed
when it is downloaded, and `remove_expired` (run by the scheduler every minute,
and by `flask accounts remove-expired-exports`) removes files nobody fetched.
"""

from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy import select

from participation.accounts import export
from participation.accounts.models import DataExport, User
from participation.accounts.tokens import Purpose, TokenError, TokenExpired, make_token, read_token
from participation.common import storage
from participation.common.models import utcnow
from participation.extensions import db

KINDS = {"json": "application/json", "zip": "application/zip"}


def is_large(user: User) -> bool:
    """Too many rows to build while the person waits."""
    return export.count_rows(user) > current_app.config["DATA_EXPORT_INLINE_MAX_ROWS"]


def build(user: User, kind: str) -> bytes:
    """The export's bytes in the chosen format."""
    collected = export.collect(user)
    return export.as_json(collected) if kind == "json" else export.as_zip(collected)


def prepare(user_id: int, kind: str) -> tuple[str, dict] | None:
    """Build and keep the file; (address, mail context with the signed link) for the job to mail."""
    user = db.session.get(User, user_id)
    if user is None or user.is_deleted or kind not in KINDS or not user.email:
        return None
    key = storage.new_key("exports", kind)
    storage.backend().write(key, build(user, kind))
    max_age = current_app.config["DATA_EXPORT_LINK_MAX_AGE"]
    prepared = DataExport(user_id=user.id, kind=kind, storage_key=key,
                          expires_at=utcnow() + timedelta(seconds=max_age))
    db.session.add(prepared)
    db.session.commit()
    token = make_token(Purpose.DATA_EXPORT, {"user": user.id, "export": prepared.id})
    link = url_for("accounts.download_prepared_data", token=token, _external=True)
    return user.email, {"link": link, "hours": max(1, max_age // 3600)}


def find_for(user: User, token: str) -> tuple[str, DataExport | None]:
    """("ok", export) for a genuine, fresh link of this account whose file is still kept; else why not."""
    try:
        payload = read_token(Purpose.DATA_EXPORT, token)
    except TokenExpired:
        return "expired", None
    except TokenError:
        return "invalid", None
    if payload.get("user") != user.id or not isinstance(payload.get("export"), int):
        return "invalid", None
    prepared = db.session.get(DataExport, payload["export"])
    if prepared is None or prepared.user_id != user.id:
        return "used", None
    if prepared.expires_at <= utcnow():
        _remove(prepared)
        db.session.commit()
        return "expired", None
    return "ok", prepared


def take(prepared: DataExport) -> bytes:
    """The file's bytes; the file and its record are removed, so the link works once."""
    body = storage.backend().read(prepared.storage_key)
    _remove(prepared)
    db.session.commit()
    return body


def _remove(prepared: DataExport) -> None:
    storage.delete(prepared.storage_key)
    db.session.delete(prepared)


def remove_expired() -> int:
    """Remove every prepared file whose link has expired; returns how many."""
    expired = list(db.session.scalars(select(DataExport).where(DataExport.expires_at <= utcnow())))
    for prepared in expired:
        _remove(prepared)
    db.session.commit()
    return len(expired)
