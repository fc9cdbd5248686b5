"""Permission rules for consultations: pure functions of (user, thing).

A consultation belongs to a grouping. Its representatives and administrators
(everywhere, or of the grouping's region) manage it: drafts, questions, live
results. A representative of another grouping is an ordinary visitor here.
Moderators of participating municipalities record paper questionnaires and
may hide free-text answers from their municipality.
"""

from participation.common.models import utcnow
from participation.consultations.eligibility import why_cannot_answer

from .scopes import scope_of


def manages_grouping(user, grouping_id: int | None) -> bool:
    """Representative of the grouping, or an administrator whose scope covers it."""
    if grouping_id is None:
        return False
    scope = scope_of(user)
    if scope.everywhere:
        return True
    if grouping_id in scope.represented_grouping_ids:
        return True
    return scope.administrator and grouping_id in scope.grouping_ids


def managed_grouping_ids(user) -> frozenset[int] | None:
    """Groupings the user may create consultations for; None means every grouping."""
    scope = scope_of(user)
    if scope.everywhere:
        return None
    ids = set(scope.represented_grouping_ids)
    if scope.administrator:
        ids |= scope.grouping_ids
    return frozenset(ids)


def can_create(user, grouping=None) -> bool:
    """Create a consultation (for this grouping, or for any grouping at all)."""
    if grouping is not None:
        return manages_grouping(user, grouping.id)
    ids = managed_grouping_ids(user)
    return ids is None or bool(ids)


def can_manage(user, consultation) -> bool:
    """Edit, preview, publish, see live results and hide answers."""
    return manages_grouping(user, consultation.grouping_id)


def can_see_every_response(user, consultation) -> bool:
    """Download every response (CSV), and so see small municipalities' figures that others see hidden."""
    return can_manage(user, consultation)


def can_view(user, consultation) -> bool:
    """Published consultations are public; drafts only for those who manage them."""
    return consultation.is_published or can_manage(user, consultation)


def can_edit_questions(user, consultation) -> bool:
    """Add, remove and reorder questions: only until the first answer arrives."""
    return can_manage(user, consultation) and not consultation.is_frozen


def can_see_results(user, consultation, now=None) -> bool:
    """Managers always; everybody once closed, or while open when results are live."""
    if can_manage(user, consultation):
        return True
    phase = consultation.phase(now or utcnow())
    if phase == "closed":
        return True
    return phase == "open" and consultation.results_visibility == "live"


def paper_municipality_ids(user, consultation) -> set[int]:
    """Participating municipalities for which the user records paper questionnaires."""
    participating = {m.id for m in consultation.municipalities}
    scope = scope_of(user)
    if scope.everywhere:
        return participating
    own = set(scope.moderated_municipality_ids)
    if scope.administrator:
        own |= scope.municipality_ids
    return participating & own


def can_record_paper(user, consultation, now=None) -> bool:
    """A moderator of a participating municipality, while the consultation is open."""
    if consultation.phase(now or utcnow()) != "open":
        return False
    return bool(paper_municipality_ids(user, consultation))


def can_hide_answer(user, consultation, municipality_id: int | None = None) -> bool:
    """Managers hide any free-text answer; moderators those from their municipality."""
    if can_manage(user, consultation):
        return True
    scope = scope_of(user)
    if municipality_id is None:
        return bool(paper_municipality_ids(user, consultation))
    return municipality_id in scope.moderated_municipality_ids


def can_answer(user, consultation, now=None) -> bool:
    """Eligible and within the answering window (the reason is in consultations.eligibility)."""
    return why_cannot_answer(user, consultation, now) is None
