"""Permission rules for accounts: pure functions of (user, thing).

Who may take part. An account whose address is not confirmed yet may sign in,
edit its profile, change its language and password, follow things and delete
itself, but it may not support, comment, propose or answer consultations:
confirming the address is what stops one person from counting many times.
Other domains call `can_participate(user)` before any of those actions.
"""


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_participate(user) -> bool:
    """Support, comment, propose, answer: signed in, active, not deleted, address confirmed."""
    return (
        _signed_in(user)
        and user.is_active
        and not user.is_deleted
        and user.is_confirmed
    )


def needs_confirmation(user) -> bool:
    """Signed in, but the address still awaits its confirmation link."""
    return _signed_in(user) and not user.is_deleted and not user.is_confirmed


def can_edit_account(user, account) -> bool:
    """Only the person themselves edits or deletes their account (administrators use roles)."""
    return _signed_in(user) and user.is_active and account is not None and user.id == account.id
