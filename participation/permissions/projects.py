"""Permission rules for projects: pure functions of (user, thing)."""
