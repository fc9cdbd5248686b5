"""The one place that answers "may this user do that".

Every rule is a pure function of (user, thing). Views call them before acting
and templates call the same functions (exposed as `can`) to hide buttons.
Scopes live in `scopes`; each domain's rules live in a module named after it.
"""

# Each domain's rules, reachable as `can.<domain>.<rule>` in templates.
from . import (  # noqa: E402, F401
    accounts,
    admin,
    advisors,
    agreements,
    audit,
    comments,
    consultations,
    follows,
    good_practice,
    infrastructure,
    localities,
    moderation,
    notifications,
    opendata,
    operators,
    projects,
    proposals,
    referrals,
    stats,
    territory,
    verification,
    workspaces,
)
from .scopes import (  # noqa: F401
    Scope,
    covers_any_municipality,
    covers_grouping,
    covers_municipality,
    is_administrator,
    is_moderator_anywhere,
    is_staff,
    scope_of,
)
