"""A proposal names the localities it is about, through the chain's shared linking (participation.chain).

A link moves no proposal along its lifecycle (a locality answers nothing by
itself); it is audited, and the proposal's followers hear of it, like the
links of agreements and projects. The locality's page shows the proposals
naming it beside the projects that connect it.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participation.chain.linking import LinkMessages, ProposalLinking
from participation.common.text import fold
from participation.extensions import db
from participation.localities.models import Locality, LocalityProposal
from participation.permissions.localities import municipalities_author_may_name
from participation.permissions.scopes import scope_of
from participation.proposals.models import Proposal, ProposalStatus

LINKS = ProposalLinking(
    link_model=LocalityProposal, item_name="locality",
    audit_link="locality.link_proposal", audit_unlink="locality.unlink_proposal",
    event_link="proposal.locality_linked", event_unlink="proposal.locality_unlinked",
    moves_to=None, moves_from=frozenset(), status_when_unlinked=lambda proposal: proposal.status,
    messages=LinkMessages(
        cannot_link=_l("A draft, withdrawn, merged or hidden proposal cannot name a locality."),
        needs_note=_l("Write a note on how the proposal concerns the locality."),
        already_linked=_l("The proposal already names this locality."),
        needs_reason=_l("Write the reason."),
    ),
)


def search(user, q: str, proposal=None, limit: int = 10) -> list[Locality]:
    """Localities the user may name whose name contains the folded query, for the link form: those of the
    user's municipalities, and for the proposal's author those of the proposal's municipalities."""
    statement = select(Locality).options(joinedload(Locality.municipality))
    scope = scope_of(user)
    if not scope.everywhere:
        allowed = set(scope.municipality_ids) | municipalities_author_may_name(user, proposal)
        statement = statement.where(Locality.municipality_id.in_(sorted(allowed)))
    if q and q.strip():
        statement = statement.where(Locality.search_name.contains(fold(q), autoescape=True))
    return list(db.session.scalars(statement.order_by(Locality.search_name, Locality.id).limit(limit)))


def links_of_proposal(proposal_id: int) -> list[LocalityProposal]:
    """The localities a proposal names, with their municipalities."""
    return list(db.session.scalars(select(LocalityProposal).where(LocalityProposal.proposal_id == proposal_id)
                                   .options(joinedload(LocalityProposal.locality).joinedload(Locality.municipality))
                                   .order_by(LocalityProposal.created_at, LocalityProposal.id)))


def proposals_of_locality(locality_id: int) -> list[Proposal]:
    """The public proposals naming a locality, by title."""
    return list(db.session.scalars(select(Proposal).join(
        LocalityProposal, LocalityProposal.proposal_id == Proposal.id).where(
        LocalityProposal.locality_id == locality_id, Proposal.hidden_at.is_(None),
        Proposal.status != ProposalStatus.DRAFT).order_by(Proposal.title).limit(100)))
