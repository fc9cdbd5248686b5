"""Permission rules for stats: pure functions of (user, thing)."""
