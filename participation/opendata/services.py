"""Changing which web sites may show a municipality's widget: each change audited, one transaction each."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participation.audit import services as audit
from participation.extensions import db
from participation.opendata.models import EmbedOrigin
from participation.opendata.origins import OriginError, normalise_origin

# A municipality's own site, a grouping's, a local newspaper's...: more would be a sign of a mistake.
MAX_ORIGINS = 10


def origins_of(municipality_id: int) -> list[EmbedOrigin]:
    """The municipality's registered origins, alphabetically."""
    return list(db.session.scalars(
        select(EmbedOrigin).where(EmbedOrigin.municipality_id == municipality_id).order_by(EmbedOrigin.origin)))


def add_origin(actor, municipality, raw: str) -> EmbedOrigin:
    """Allow a web site to show the municipality's widget; OriginError (for the form) when it cannot be."""
    origin = normalise_origin(raw)
    existing = db.session.scalars(select(EmbedOrigin.origin).where(
        EmbedOrigin.municipality_id == municipality.id)).all()
    if origin in existing:
        raise OriginError(_l("This web site is already allowed."))
    if len(existing) >= MAX_ORIGINS:
        raise OriginError(_l("At most %(count)d web sites can be allowed; remove one first.", count=MAX_ORIGINS))
    entry = EmbedOrigin(municipality_id=municipality.id, origin=origin, added_by_id=actor.id)
    db.session.add(entry)
    db.session.flush()
    audit.record(actor, "embed.origin_add", "municipality", municipality.id, municipality_id=municipality.id,
                 details={"origin": origin})
    db.session.commit()
    return entry


def remove_origin(actor, entry: EmbedOrigin) -> None:
    """Stop a web site from showing the widget."""
    audit.record(actor, "embed.origin_remove", "municipality", entry.municipality_id,
                 municipality_id=entry.municipality_id, details={"origin": entry.origin})
    db.session.delete(entry)
    db.session.commit()


def frame_origins(municipality_ids) -> list[str]:
    """Every origin registered by any of the municipalities, without repeats, in a stable order."""
    ids = list(municipality_ids)
    if not ids:
        return []
    return list(db.session.scalars(select(EmbedOrigin.origin).where(EmbedOrigin.municipality_id.in_(ids))
                                   .group_by(EmbedOrigin.origin).order_by(EmbedOrigin.origin)))


def count_origins() -> int:
    return db.session.scalar(select(func.count(EmbedOrigin.id))) or 0
