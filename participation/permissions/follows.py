"""Permission rules for follows: pure functions of (user, thing)."""
