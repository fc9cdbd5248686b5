"""Permission rules for consultations: pure functions of (user, thing)."""
