"""Permission rules for workspaces: pure functions of (user, thing)."""
