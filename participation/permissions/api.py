"""What the open read-only API may show: what a visitor without an account sees, and less.

The API answers everyone alike (no session, no account), so every rule here is
the visitor's rule from the domain's own module, plus what the API leaves out
even though a page shows it: withdrawn proposals, and figures resting on too
few people to stay anonymous.
"""

from flask_login import AnonymousUserMixin

from participation.proposals.models import ProposalStatus

from . import agreements, consultations, good_practice, proposals

# The one "user" the API acts as: nobody signed in.
VISITOR = AnonymousUserMixin()

# Never shown by the API, whatever their other state.
HIDDEN_PROPOSAL_STATUSES = frozenset({ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN})


def shows_proposal(proposal) -> bool:
    """Published (or later), not hidden by a moderator, not withdrawn by its author."""
    return (proposal is not None and proposal.status not in HIDDEN_PROPOSAL_STATUSES
            and proposals.can_view(VISITOR, proposal))


def shows_agreement(agreement) -> bool:
    """Anything but a draft."""
    return agreement is not None and agreements.can_view_agreement(VISITOR, agreement)


def shows_good_practice(practice) -> bool:
    """Published write-ups only."""
    return practice is not None and good_practice.can_view(VISITOR, practice)


def shows_consultation(consultation) -> bool:
    """Published consultations only."""
    return consultation is not None and consultations.can_view(VISITOR, consultation)


def shows_results(consultation, now=None) -> bool:
    """Results once a visitor may read them: after closing, or while open when they are live."""
    return shows_consultation(consultation) and consultations.can_see_results(VISITOR, consultation, now)


def shows_figures(respondents: int, minimum: int) -> bool:
    """A tally of fewer respondents than the minimum would let someone pick out a villager's answer."""
    return respondents >= minimum


def shows_connection_evidence(locality, minimum_reports: int) -> bool:
    """A locality's report count and newest report only once its status rests on enough reports."""
    return locality.status != "unknown" and locality.report_count >= minimum_reports


def shows_overall_figures(overall: int, municipal: list[int], minimum: int) -> bool:
    """The overall tally too, unless it would give away the hidden municipalities' figures by subtraction.

    When the municipalities whose figures are hidden hold together fewer than
    `minimum` respondents, overall minus the shown municipalities would be
    their answers: the overall figures are hidden as well.
    """
    hidden = sum(count for count in municipal if 0 < count < minimum)
    return shows_figures(overall, minimum) and (hidden == 0 or hidden >= minimum)
