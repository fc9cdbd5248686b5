"""Permission rules for audit: pure functions of (user, thing)."""
