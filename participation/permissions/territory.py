"""Permission rules for territory: pure functions of (user, thing)."""
