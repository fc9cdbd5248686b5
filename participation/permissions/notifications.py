"""Permission rules for notifications: pure functions of (user, thing)."""
