"""Open data and the embed widget: pure functions of (user, thing).

Everything published as open data is public; the only rule is who registers
the web addresses that may show a municipality's widget: its office.
"""

from .scopes import is_office_of


def can_manage_embed(user, municipality) -> bool:
    """Register or remove the addresses allowed to frame the widget: the municipality's moderators and administrators."""
    return municipality is not None and is_office_of(user, municipality.id)
