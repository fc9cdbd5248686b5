"""Permission rules for good practice: pure functions of (user, thing).

Writers are moderators and representatives whose scope covers at least one of
the write-up's municipalities (or a municipality of its project, or a party of
its agreement), and administrators. Drafts are seen only by their writers.
"""

from .scopes import covers_any_municipality, covers_grouping, is_staff, scope_of


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _municipality_ids(practice) -> set[int]:
    ids = {m.id for m in practice.municipalities}
    if practice.project is not None:
        ids |= {m.id for m in practice.project.municipalities}
    if practice.agreement is not None:
        ids |= {m.id for m in practice.agreement.municipalities}
    return ids


def can_create(user) -> bool:
    """Moderators, representatives and administrators write up good practice."""
    return _authenticated(user) and is_staff(user)


def can_write_about_proposal(user, proposal) -> bool:
    """The user's scope covers one of the proposal's municipalities or its grouping."""
    if not _authenticated(user) or proposal is None:
        return False
    return (covers_any_municipality(user, [m.id for m in proposal.municipalities])
            or (proposal.grouping_id is not None and covers_grouping(user, proposal.grouping_id)))


def can_write_about_project(user, project) -> bool:
    """The user's scope covers one of the project's municipalities."""
    if not _authenticated(user) or project is None:
        return False
    return covers_any_municipality(user, [m.id for m in project.municipalities])


def can_edit(user, practice) -> bool:
    """Writers in scope edit a write-up, draft or published."""
    if not _authenticated(user) or practice is None:
        return False
    scope = scope_of(user)
    if scope.everywhere:
        return True
    if not scope.municipality_ids.isdisjoint(_municipality_ids(practice)):
        return True
    return practice.agreement is not None and any(
        covers_grouping(user, g.id) for g in practice.agreement.groupings)


def can_publish(user, practice) -> bool:
    """Publishing and unpublishing follow the same scope as editing."""
    return can_edit(user, practice)


def can_view(user, practice) -> bool:
    """Published write-ups are public; drafts only for their writers."""
    return practice is not None and (practice.is_published or can_edit(user, practice))


def can_see_drafts(user) -> bool:
    """Whether the list may show this user any drafts at all (those in scope)."""
    return can_create(user)
