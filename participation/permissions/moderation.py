"""Permission rules for moderation: pure functions of (user, thing)."""
