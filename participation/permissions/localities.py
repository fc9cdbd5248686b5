"""Permission rules for localities and connection reports: pure functions of (user, thing).

A locality belongs to one municipality. Its staff are that municipality's
moderators and the administrators whose scope covers it; they edit it, add
localities, record reports on residents' behalf and read the office's private
notes. A grouping's representative reads the overviews like everyone else but
does not edit localities. Residents report the connection of their own
municipality's localities.
"""

from .items import authenticated, covers_item, covers_proposal
from .proposals import is_author
from .scopes import is_office_of, scope_of


def can_add_locality(user, municipality) -> bool:
    """The municipality's moderators and administrators add its localities."""
    return municipality is not None and is_office_of(user, municipality.id)


def can_edit_locality(user, locality) -> bool:
    """The locality's municipality's moderators and administrators covering it edit it."""
    return covers_item(user, locality) and is_office_of(user, locality.municipality_id)


def can_record_for_resident(user, locality) -> bool:
    """The office (the municipality's staff) records a paper or phone report for a resident."""
    return can_edit_locality(user, locality)


def can_withdraw_office_report(user, report) -> bool:
    """The office worker who recorded a current report (or an administrator covering it) withdraws it."""
    if report is None or report.source != "office" or report.superseded_at is not None:
        return False
    recorder = authenticated(user) and report.recorded_by_id == user.id
    return can_record_for_resident(user, report.locality) and (recorder or scope_of(user).administrator)


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


def _author_in_good_standing(user, proposal) -> bool:
    return (proposal is not None and is_author(user, proposal) and not getattr(user, "is_deleted", False)
            and getattr(user, "is_confirmed", False))


def can_link_proposal(user, proposal) -> bool:
    """The staff covering a proposal, and its author, name the localities it is about (and unname them)."""
    return covers_proposal(user, proposal) or _author_in_good_standing(user, proposal)


def municipalities_author_may_name(user, proposal) -> set[int]:
    """The municipalities whose localities the proposal's author may name: the proposal's own (else none)."""
    return {m.id for m in proposal.municipalities} if _author_in_good_standing(user, proposal) else set()


def can_choose_locality(user, locality, proposal=None) -> bool:
    """A locality the user's scope covers; for the proposal's author, one of the proposal's municipalities."""
    return locality is not None and (covers_item(user, locality)
                                     or locality.municipality_id in municipalities_author_may_name(user, proposal))
