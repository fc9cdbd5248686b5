"""Permission rules for agreements: pure functions of (user, thing)."""
