"""Residency verification and participation on someone's behalf: pure functions of (user, thing).

A municipality's office is its moderators and the administrators whose scope
covers it (a grouping's representative is not). Only the office verifies its
residents, makes letter codes, uploads its register, files paper input and
sees its paper participants' names and addresses.
"""

from .items import authenticated
from .proposals import can_record_paper_support
from .scopes import is_office_of, scope_of  # noqa: F401  (rules.is_office_of, for views)


def can_manage_residency(user, municipality) -> bool:
    """Make letter codes, upload the register, see who is verified: the municipality's office."""
    return municipality is not None and is_office_of(user, municipality.id)


def can_verify_in_person(user, resident) -> bool:
    """The office of the resident's home municipality confirms a residence it has seen a document for."""
    return (
        resident is not None and not resident.is_deleted
        and is_office_of(user, resident.home_municipality_id)
    )


def can_get_verified(user) -> bool:
    """A signed-in, active resident with a home municipality may enter a code or match the register."""
    return authenticated(user) and user.is_active and user.home_municipality_id is not None


def can_file_support_for(user, proposal, municipality_id: int | None) -> bool:
    """Staff file a support on a resident's behalf only for their own municipality and an open proposal."""
    return can_record_paper_support(user, proposal) and is_office_of(user, municipality_id)


def works_at_an_office(user) -> bool:
    """Is the user on the office of at least one municipality (a moderator, or an administrator covering one)?"""
    if not authenticated(user) or getattr(user, "is_deleted", False):
        return False
    scope = scope_of(user)
    return scope.everywhere or bool(scope.moderated_municipality_ids) or (
        scope.administrator and bool(scope.municipality_ids))


def can_use_support_desk(user, proposal) -> bool:
    """The office desk for a proposal's paper supports: an open proposal in scope, staff of some office."""
    return can_record_paper_support(user, proposal) and works_at_an_office(user)


def can_see_paper_participant(user, participant) -> bool:
    """Names and addresses of paper participants: that municipality's office only."""
    return participant is not None and is_office_of(user, participant.municipality_id)


def can_print_signature_sheet(proposal) -> bool:
    """Anyone may print a signature sheet for a proposal that still collects support."""
    from .proposals import OPEN_STATUSES

    return proposal is not None and proposal.status in OPEN_STATUSES and proposal.hidden_at is None
