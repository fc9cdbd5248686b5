"""Permission rules for proposals: pure functions of (user, thing)."""
