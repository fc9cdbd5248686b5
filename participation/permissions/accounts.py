"""Permission rules for accounts: pure functions of (user, thing)."""
