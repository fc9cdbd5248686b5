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
    "chain",
    "agreements",
    "projects",
    "good_practice",
    "localities",
    "operators",
    "infrastructure",
    "advisors",
    "map",
    "verification",
    "referrals",
    "consultations",
    "notifications",
    "workspaces",
    "stats",
    "api",
    "search",
    "opendata",
)

# --- Which package may import which ----------------------------------------------
#
# Layers, lowest first. A package may import any package of a lower layer, never
# one of its own layer or a higher one, except where SHARED_MODULES, FACTS or
# EXCEPTIONS below say so. Imports inside functions count: a lazy import is
# still a dependency. tests/core/test_architecture.py checks every import under
# participation/ against this; docs/architecture.md draws it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("extensions", "architecture"),  # db, login, csrf...: created unbound; this map
    ("common",),  # mixins, htmx, pagination, markdown, mail, view guards: no domain
    ("permissions",),  # "may this user do that": pure functions over models and FACTS
    ("audit", "events"),  # records every package writes to: the audit log, "something happened"
    ("territory",),  # regions, municipalities, groupings
    ("accounts",),  # users, roles, sign-in
    ("admin",),  # administering users and roles
    ("follows",),  # following proposals, places, agreements...
    ("proposals",),
    ("comments",),  # threads on proposals and the chain's items
    ("moderation",),  # reports, hiding and blocks on proposals and comments
    ("referrals",),  # passing a proposal on to another level
    ("consultations",),
    ("chain",),  # the shared shape of agreements, projects and good practice (scoping, links, filters)
    ("agreements",),
    ("projects",),  # may import agreements
    ("good_practice",),  # may import agreements and projects
    ("localities",),  # settlements of a municipality and the connection reported there
    ("operators",),  # internet operators: declarations per locality, residents' answers, moderators' decisions
    ("infrastructure",),  # shareable assets, planned civil works, operators' access and joining requests
    ("advisors",),  # shared advisors: questions about proposals, agreements, projects, localities, good practice; guides
    ("map",),  # the map page and GeoJSON layers of proposals, projects and localities
    ("verification",),  # residency verified (letters, office, register), paper participants, filing on someone's behalf
    ("notifications",),  # reads every domain's events and items: fan-out, email, digests
    ("workspaces", "stats", "api", "search"),  # pages (and the open JSON API, site search) that read every domain
    ("opendata",),  # exports, feeds, the DCAT catalogue, the embed widget, sitemap: built on the API's datasets
    ("app",),  # participation/__init__.py (create_app), models.py (every table), web.py (error pages, template globals)
    ("core",),  # home page and site-wide commands (seed, translations) over the app's DOMAINS
)

# Top-level modules that make up the application itself ("app" above).
APP_MODULES = ("participation", "participation.models", "participation.web")

# Any package may import another package's tables and their labels (modules named so).
SHARED_MODULES = ("models", "labels")

# Small read-only questions about a thing, asked from a lower layer; each reads
# tables only (and permissions) and imports no service, so it can sit below its
# package's services without a cycle.
FACTS = {
    "participation.moderation.blocks": "is this user blocked from posting here: asked by every domain that lets users post",
    "participation.proposals.reactions": "has anyone supported or commented: the edit rule in permissions.proposals",
    "participation.consultations.eligibility": "why this user cannot answer now: the answering rule in permissions.consultations",
}

# Imports the layers forbid, each with its reason: (importer package, imported package).
EXCEPTIONS = {
    ("notifications", "app"): "a queue job run outside any app (a plain `rq worker`) builds one with create_app",
    ("accounts", "notifications"): "account mail (confirmation, reset, registration attempts) goes out through the job queue, off the request path, so its timing tells nobody whether an address has an account",
}

# Module-level import cycles still allowed, each with its reason.
CYCLE_EXCEPTIONS: dict[frozenset, str] = {}


def layer_of(package: str) -> int | None:
    """The index of the package's layer in LAYERS, or None for a package not in the map."""
    for index, layer in enumerate(LAYERS):
        if package in layer:
            return index
    return None


def may_import(importer: str, imported: str) -> bool:
    """May package `importer` import (other than SHARED_MODULES and FACTS) package `imported`?"""
    if importer == imported or (importer, imported) in EXCEPTIONS:
        return True
    low, high = layer_of(imported), layer_of(importer)
    return low is not None and high is not None and low < high
