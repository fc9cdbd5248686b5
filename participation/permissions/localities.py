"""Permission rules for localities and connection reports: pure functions of (user, thing).

A locality belongs to one municipality. Its staff are that municipality's
moderators and the administrators whose scope covers it; they edit it, add
localities, record reports on residents' behalf and read the office's private
notes. A grouping's representative reads the overviews like everyone else but
does not edit localities. Residents report the connection of their own
municipality's localities.
"""

from .items import authenticated, covers_item, covers_proposal
from .scopes import is_office_of


def can_add_locality(user, municipality) -> bool:
    """The municipality's moderators and administrators add its localities."""
    return municipality is not None and is_office_of(user, municipality.id)


def can_edit_locality(user, locality) -> bool:
    """The locality's municipality's moderators and administrators covering it edit it."""
    return covers_item(user, locality) and is_office_of(user, locality.municipality_id)


def can_record_for_resident(user, locality) -> bool:
    """The office (the municipality's staff) records a paper or phone report for a resident."""
    return can_edit_locality(user, locality)


def can_read_office_notes(user, locality) -> bool:
    """The office's private notes are for the municipality's staff only."""
    return can_edit_locality(user, locality)


def can_report_connection(user, locality=None) -> bool:
    """A signed-in resident reports for a locality of their home municipality (any, without one given)."""
    if not authenticated(user) or getattr(user, "is_deleted", False) or user.home_municipality_id is None:
        return False
    return locality is None or locality.municipality_id == user.home_municipality_id


def can_connect_locality(user, locality) -> bool:
    """The municipality's staff name the projects covering a locality and record the dwellings connected."""
    return can_edit_locality(user, locality)


def can_link_proposal(user, proposal) -> bool:
    """The staff covering a proposal name the localities it is about (and unname them)."""
    return covers_proposal(user, proposal)


def can_choose_locality(user, locality) -> bool:
    """A proposal may name a locality whose municipality the user's scope covers."""
    return covers_item(user, locality)
