"""Permission rules for referrals: pure functions of (user, thing)."""

from participation.proposals.models import ProposalStatus

from . import proposals, scopes

# A draft has not been published; a merged or withdrawn proposal is nobody's to pass on.
NOT_REFERABLE = frozenset({ProposalStatus.DRAFT, ProposalStatus.MERGED, ProposalStatus.WITHDRAWN})


def can_refer(user, proposal) -> bool:
    """Those who moderate the proposal (its municipalities' moderators, its grouping's representatives,
    administrators) pass it on, once it is public and not hidden."""
    if proposal is None or proposal.status in NOT_REFERABLE or proposal.hidden_at is not None:
        return False
    return proposals.can_moderate(user, proposal)


def can_record_response(user, referral) -> bool:
    """Whoever could pass it on, and an administrator of the region it went to, records the answer."""
    if referral is None or referral.responded_at is not None:
        return False
    return proposals.can_moderate(user, referral.proposal) or _administers(user, referral)


def _administers(user, referral) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    scope = scopes.scope_of(user)
    return scope.everywhere or (referral.region_id is not None
                                and referral.region_id in scope.administered_region_ids)
