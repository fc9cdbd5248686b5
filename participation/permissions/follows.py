"""Permission rules for follows: pure functions of (user, thing)."""

from . import agreements, consultations, projects, proposals, territory
from .scopes import covers_any_municipality, covers_grouping

# The permissions module of each followable type's domain, which may define `can_view`.
_DOMAIN_OF = {
    "proposal": proposals,
    "agreement": agreements,
    "project": projects,
    "consultation": consultations,
    "municipality": territory,
    "grouping": territory,
}


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and not user.is_deleted)


def _proposal_visible(user, proposal) -> bool:
    """Fallback until the proposals domain says: drafts to their author, hidden to author and scope."""
    is_author = _signed_in(user) and proposal.author_id == user.id
    if str(proposal.status) == "draft":
        return is_author
    if proposal.hidden_at is not None:
        if is_author:
            return True
        ids = [m.id for m in proposal.municipalities]
        return _signed_in(user) and (
            covers_any_municipality(user, ids) or covers_grouping(user, proposal.grouping_id)
        )
    return True


def can_see(user, target) -> bool:
    """May `user` see `target`? Asks the target's own domain where it has a rule."""
    name = getattr(type(target), "__tablename__", "")
    domain = _DOMAIN_OF.get(name)
    rule = None
    if domain is not None:
        rule = getattr(domain, "can_view", None) or getattr(domain, f"can_view_{name}", None)
    if rule is not None:
        return bool(rule(user, target))
    if name == "proposal":
        return _proposal_visible(user, target)
    return True


def can_follow(user, target) -> bool:
    """A signed-in user with a live account may follow anything they can see."""
    return _signed_in(user) and can_see(user, target)


def can_see_own_follows(user) -> bool:
    return _signed_in(user)
