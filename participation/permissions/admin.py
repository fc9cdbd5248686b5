"""Permission rules for admin: pure functions of (user, thing)."""
