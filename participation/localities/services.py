"""Every change to localities goes through here: one transaction and one audit entry each.

Connection reports and the status they give a locality live in `reports`.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.audit import services as audit
from participation.chain import changes
from participation.common.errors import Invalid
from participation.common.text import fold
from participation.extensions import db
from participation.localities.models import Locality

TRACKED_FIELDS = ("name", "code", "latitude", "longitude", "dwellings", "inhabitants")


@dataclass
class LocalityData:
    name: str
    code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    dwellings: int = 0
    inhabitants: int = 0


def _check(municipality_id: int, data: LocalityData, locality: Locality | None) -> None:
    """Names are unique within a municipality, official codes everywhere."""
    errors = {}
    exclude = locality.id if locality is not None else -1
    same_name = select(Locality.id).where(Locality.municipality_id == municipality_id,
                                          Locality.name == data.name.strip(), Locality.id != exclude)
    if db.session.scalar(same_name) is not None:
        errors["name"] = _l("This municipality already has a locality of this name.")
    if data.code and db.session.scalar(select(Locality.id).where(Locality.code == data.code,
                                                                 Locality.id != exclude)) is not None:
        errors["code"] = _l("Another locality already has this code.")
    if errors:
        raise Invalid(errors)


def _apply(locality: Locality, data: LocalityData) -> None:
    locality.name = data.name.strip()
    locality.search_name = fold(data.name)
    locality.code = data.code or None
    locality.latitude = data.latitude
    locality.longitude = data.longitude
    locality.dwellings = data.dwellings
    locality.inhabitants = data.inhabitants


def create_locality(actor, municipality, data: LocalityData) -> Locality:
    """Add a locality to a municipality."""
    _check(municipality.id, data, None)
    locality = Locality(municipality=municipality)
    _apply(locality, data)
    db.session.add(locality)
    db.session.flush()
    audit.record(actor, "locality.create", "locality", locality.id, municipality_id=municipality.id,
                 details={name: changes.plain(getattr(locality, name)) for name in TRACKED_FIELDS})
    db.session.commit()
    return locality


def update_locality(actor, locality: Locality, data: LocalityData) -> dict:
    """Change a locality's name, code, place or counts; the audit entry lists what changed."""
    _check(locality.municipality_id, data, locality)
    before = changes.snapshot(locality, TRACKED_FIELDS)
    _apply(locality, data)
    changed = changes.changed_fields(locality, before)
    if changed:
        audit.record(actor, "locality.update", "locality", locality.id,
                     municipality_id=locality.municipality_id, details={"changes": changed})
    db.session.commit()
    return changed
