"""Permission rules for audit: pure functions of (user, thing)."""

from .scopes import scope_of


def can_view_audit_log(user) -> bool:
    """Administrators read the log; a region's administrator only its region's entries."""
    return scope_of(user).administrator


def sees_whole_audit_log(user) -> bool:
    return scope_of(user).everywhere
