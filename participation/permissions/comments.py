"""Permission rules for comments: pure functions of (user, thing)."""
