"""Which package may import which: the one place that says so.

Read by the app factory (DOMAINS), by tests/core/test_architecture.py and by
docs/architecture.md. Imports run one way: a package may import the packages
of lower layers, never those of its own or a higher layer, unless a rule below
names the edge.
"""

# Every domain package, in dependency order. Each may have views.py (with `bp`),
# cli.py (with `register(app)`) and seed.py (with `seed(context)`).
DOMAINS = (
    "core",
    "territory",
    "accounts",
    "admin",
    "audit",
    "proposals",
    "follows",
    "comments",
    "moderation",
    "agreements",
    "projects",
    "good_practice",
    "referrals",
    "consultations",
    "notifications",
    "workspaces",
    "stats",
)
