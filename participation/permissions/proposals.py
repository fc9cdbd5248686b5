"""Permission rules for proposals: pure functions of (user, thing).

The rules that depend on what happened to a proposal (has it been supported
or commented on?) read counts (participation.proposals.reactions) that the proposals queries attach to the
proposal for the request, so a template asking twice costs no extra query.
"""

from participation.proposals.models import OPEN_STATUSES, ProposalStatus
from participation.proposals.reactions import has_reactions

from . import accounts, scopes

# Statuses from which the author may still withdraw the proposal.
WITHDRAWABLE_STATUSES = frozenset(OPEN_STATUSES | {ProposalStatus.DRAFT})
# Statuses a moderator may set by hand (later domains add in_cooperation and in_progress).
MODERATOR_STATUSES = (
    ProposalStatus.PUBLISHED,
    ProposalStatus.UNDER_REVIEW,
    ProposalStatus.NOT_TAKEN_UP,
    ProposalStatus.SOLVED,
)


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and not user.is_deleted


def is_author(user, proposal) -> bool:
    return _signed_in(user) and proposal.author_id is not None and proposal.author_id == user.id


def _municipality_ids(proposal) -> list[int]:
    return [municipality.id for municipality in proposal.municipalities]


def can_moderate(user, proposal) -> bool:
    """A moderator of any of its municipalities, a representative of its grouping, an administrator."""
    if not _signed_in(user):
        return False
    if scopes.covers_any_municipality(user, _municipality_ids(proposal)):
        return True
    return proposal.grouping_id is not None and scopes.covers_grouping(user, proposal.grouping_id)


def can_view(user, proposal) -> bool:
    """Drafts only for their author; hidden ones for their author and moderators in scope.

    Others asking for a hidden proposal's page see only "hidden by a moderator"
    and the reason (see can_see_hidden_notice).
    """
    if proposal.status == ProposalStatus.DRAFT:
        return is_author(user, proposal)
    if proposal.hidden_at is not None:
        return is_author(user, proposal) or can_moderate(user, proposal)
    return True


def can_see_hidden_notice(user, proposal) -> bool:
    """A published proposal that is hidden still answers its address with the moderator's reason."""
    return proposal.status != ProposalStatus.DRAFT and proposal.hidden_at is not None


def can_create(user) -> bool:
    """Any signed-in resident who may take part."""
    return _may_participate(user)


def can_edit(user, proposal) -> bool:
    """The author, while a draft, or published with no support and no comment yet."""
    if not is_author(user, proposal):
        return False
    if proposal.status == ProposalStatus.DRAFT:
        return True
    if proposal.status != ProposalStatus.PUBLISHED:
        return False
    return not has_reactions(proposal)


def can_publish(user, proposal) -> bool:
    return is_author(user, proposal) and proposal.status == ProposalStatus.DRAFT


def can_delete_draft(user, proposal) -> bool:
    return is_author(user, proposal) and proposal.status == ProposalStatus.DRAFT


def can_withdraw(user, proposal) -> bool:
    """The author, at any time while the proposal is still open; it stays visible, marked withdrawn."""
    return (
        is_author(user, proposal)
        and proposal.status in OPEN_STATUSES
    )


def _may_participate(user) -> bool:
    if not _signed_in(user):
        return False
    rule = getattr(accounts, "can_participate", None)
    if rule is not None:
        return bool(rule(user))
    return bool(user.is_active and user.is_confirmed)


def can_support(user, proposal) -> bool:
    """A confirmed, active resident with a home municipality, on an open, visible proposal."""
    if proposal.status not in OPEN_STATUSES or proposal.hidden_at is not None:
        return False
    if not _may_participate(user):
        return False
    if user.home_municipality_id is None:
        return False
    return user.residency_verified_at is not None or not support_requires_verification()


def support_requires_verification() -> bool:
    """SUPPORT_REQUIRES_VERIFICATION: only residents whose residency is verified may support."""
    from flask import current_app, has_app_context

    return has_app_context() and bool(current_app.config.get("SUPPORT_REQUIRES_VERIFICATION"))


def can_record_paper_support(user, proposal) -> bool:
    """A moderator in scope records a resident's support brought on paper to the office."""
    return (
        proposal.status in OPEN_STATUSES
        and proposal.hidden_at is None
        and can_moderate(user, proposal)
    )


def can_change_status(user, proposal) -> bool:
    return can_moderate(user, proposal) and proposal.status not in (
        ProposalStatus.DRAFT, ProposalStatus.MERGED, ProposalStatus.WITHDRAWN,
    )


def can_answer(user, proposal) -> bool:
    """An official answer on behalf of a municipality or grouping in the user's scope."""
    return can_moderate(user, proposal) and proposal.status != ProposalStatus.DRAFT


def can_merge(user, duplicate, survivor=None) -> bool:
    """Merge a duplicate into a survivor: both must be public, distinct and in the user's scope."""
    if not can_change_status(user, duplicate):
        return False
    if survivor is None:
        return True
    return (
        survivor.id != duplicate.id
        and survivor.status not in (ProposalStatus.DRAFT, ProposalStatus.MERGED, ProposalStatus.WITHDRAWN)
        and can_moderate(user, survivor)
    )


# --- Photos, a PDF and the author's updates (participation.proposals.attachments, .updates) ---


def can_attach(user, proposal) -> bool:
    """Photos and a PDF: the author while it is a draft; a moderator in scope once it is public."""
    if proposal.status == ProposalStatus.DRAFT:
        return is_author(user, proposal)
    return can_moderate(user, proposal)


def can_remove_attachment(user, proposal) -> bool:
    """The author removes a photo or the PDF from a draft; a moderator in scope at any time (audited)."""
    return can_attach(user, proposal)


def can_post_update(user, proposal) -> bool:
    """Dated updates once published: the author (while it is shown) or a moderator in scope."""
    if proposal.status == ProposalStatus.DRAFT:
        return False
    if can_moderate(user, proposal):
        return True
    return is_author(user, proposal) and proposal.hidden_at is None and _may_participate(user)


def can_hide_update(user, proposal) -> bool:
    """A moderator in scope hides an update (audited); the author cannot take back what followers were told."""
    return proposal.status != ProposalStatus.DRAFT and can_moderate(user, proposal)
